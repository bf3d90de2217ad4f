// Actions that sct watch takes on a process it did not start, and where events go (-o).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWatch, watchTestFile } from './watch-process.js';

const { skip, dir } = watchTestFile('actions.test.ts');

describe.skipIf(skip !== undefined)('sct watch actions', () => {
  it('KILL after the call: the caller dies with the signal, the call has run, the event says so', async () => {
    // A copy of rm under a comm of its own: the rule is scoped to it and can reach nothing else.
    const rm = join(dir, 'sct-kill-rm');
    copyFileSync('/bin/rm', rm);
    const rules = join(dir, 'kill.sct');
    writeFileSync(rules, 'rule { syscall_name = unlinkat when = after action { type = KILL signal = SIGKILL } }');
    const w = await startWatch(['-c', rules, '--comm', 'sct-kill-rm']);
    const victim = join(dir, 'k-victim');
    writeFileSync(victim, '');
    const r = spawnSync(rm, [victim]);
    const line = await w.waitForLine((l) => l.includes('k-victim'));
    await w.stop();
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(victim)).toBe(false);
    expect(line).toMatch(/^unlinkat pid=\d+ ppid=\d+ uid=0 comm=sct-kill-rm path=".*k-victim" = 0 \[KILL\]$/);
  });

  it('-o FILE: events go to the file, the status lines stay on stderr', async () => {
    const out = join(dir, 'events.ndjson');
    const w = await startWatch(['-e', 'trace=unlinkat', '--json', '-o', out, '--comm', 'rm']);
    const victim = join(dir, 'o-victim');
    writeFileSync(victim, '');
    spawnSync('rm', [victim]);
    const t0 = Date.now();
    while (!(existsSync(out) && readFileSync(out, 'utf8').includes('o-victim')) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 50));
    const r = await w.stop();
    expect(r.stdout).toEqual([]);
    const events = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events.find((e) => e.mem?.['1']?.text === victim)).toMatchObject({ syscall: 'unlinkat', proc: { comm: 'rm' } });
    expect(r.stderr).toContain('sct: watching 1 rule(s) on 1 syscall(s) (ebpf)');
  });
});
