// SIGHUP re-reads the rule files and swaps the rules atomically.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setsidSh, startWatch, watchTestFile } from './watch-process.js';

const { skip, dir } = watchTestFile('reload.test.ts');

describe.skipIf(skip !== undefined)('sct watch: SIGHUP', () => {
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
});
