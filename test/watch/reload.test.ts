// SIGHUP re-reads the rule files and swaps the rules atomically; a call keeps the rules it
// entered with, or is counted as having outlived them.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../helpers/host/index.js';
import { setsidSh, startWatch, watchTestFile, type Watch } from './watch-process.js';

const { skip, dir } = watchTestFile('reload.test.ts');

describe('sct watch: SIGHUP', () => {
  beforeEach(skipWhen(skip));
  it('replaces the rules: the old syscall stops being reported, the new one starts', async () => {
    const rules = join(dir, 'rules.sct');
    writeFileSync(rules, 'rule { syscall_name = unlinkat rule_name = deletes when = after action { type = LOG } }');
    const w = await startWatch(['-c', rules]);
    writeFileSync(join(dir, 'a'), '');
    setsidSh('rm a', dir);
    await w.waitForLine((l) => l.startsWith('unlinkat') && l.includes(`path="a"`));
    writeFileSync(rules, 'rule { syscall_name = renameat2, rename rule_name = renames when = after action { type = LOG } }');
    w.child.kill('SIGHUP');
    await w.waitForStderr('sct: reloaded: watching 1 rule(s) on 2 syscall(s) (ebpf)');
    writeFileSync(join(dir, 'b'), '');
    setsidSh('mv b c; rm c', dir);
    await w.waitForLine((l) => /^renameat2? .*path="b"/.test(l));
    await new Promise((r) => setTimeout(r, 300));
    const r = await w.stop();
    expect(r.code).toBe(0);
    expect(r.stdout.filter((l) => l.includes('path="c"'))).toEqual([]);
    expect(r.stderr).toMatch(/rule 'deletes': [1-9]\d* hit\(s\)/);
    expect(r.stderr).toMatch(/rule 'renames': [1-9]\d* hit\(s\)/);
  });

  it('a rule file that no longer parses keeps the rules and says why', async () => {
    const rules = join(dir, 'bad.sct');
    writeFileSync(rules, 'rule { syscall_name = unlinkat action { type = LOG } }');
    const w = await startWatch(['-c', rules]);
    writeFileSync(rules, 'rule { syscall_name = nosuchcall action { type = LOG } }');
    w.child.kill('SIGHUP');
    await w.waitForStderr('sct: reload failed, the rules stay as they were');
    writeFileSync(join(dir, 'd'), '');
    setsidSh('rm d', dir);
    await w.waitForLine((l) => l.includes('path="d"'));
    expect((await w.stop()).code).toBe(0);
  });

  // cat blocks in openat of a FIFO until a writer opens it: one call that spans the reloads.
  it.each([
    [1, ['open_a'], 0],
    [2, [], 1],
  ])('a call blocked across %i reload(s): printed %j under the rules it entered with, %i outlived them', async (reloads, printed, stale) => {
    const comm = `sctcat${process.pid % 100000}${reloads}`;
    const fifo = join(dir, `fifo-${reloads}`);
    const rules = join(dir, `open-${reloads}.sct`);
    const set = (name: string) =>
      writeFileSync(rules, `rule { syscall_name = openat rule_name = ${name} when = after filter_expression { PARAMS[2] == "${fifo}" } action { type = LOG log_format {${name}} } }`);
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    copyFileSync('/usr/bin/cat', join(dir, comm));
    set('open_a');
    const w = await startWatch(['-c', rules, '--comm', comm]);
    const cat = spawn(join(dir, comm), [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((r) => cat.on('close', r));
    await until(() => readFileSync(`/proc/${cat.pid}/syscall`, 'utf8').startsWith('257 '), w); // openat, blocked
    for (let i = 1; i <= reloads; i++) {
      set(i % 2 ? 'open_b' : 'open_a');
      w.child.kill('SIGHUP');
      await until(() => w.stderr().split('sct: reloaded:').length > i, w);
    }
    writeFileSync(fifo, 'x\n');
    expect(await exited).toBe(0);
    const r = await w.stop();
    expect(r.code).toBe(0);
    expect(r.stdout).toEqual(printed);
    expect(r.stderr).toContain(`outlived their rules ${stale}`);
    expect(r.stderr).toContain(`rule 'open_a': ${printed.length} hit(s)`);
    expect(r.stderr).toContain(`rule 'open_b': 0 hit(s)`);
  });
});

/** Waits (20 ms steps) until check() holds; fails if sct watch ends first. */
async function until(check: () => boolean, w: Watch): Promise<void> {
  while (!check()) {
    if (w.child.exitCode !== null || w.child.signalCode !== null) throw new Error(`sct watch ended:\n${w.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
