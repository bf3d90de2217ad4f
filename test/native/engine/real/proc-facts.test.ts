// Issue 12 point 3: "which process did that?" names short-lived processes. The supervisor reads
// comm, exe, ppid, uid and cwd while it holds the call; JS formatting the line later found the
// process gone and printed `?` (4 runs in 5 for `sh -c 'touch victim; rm victim'`).
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { lines, sct, programs } from './real.js';
import { needs } from '../../../helpers/host/index.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sct-proc-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUNS = 40;
const uid = process.getuid?.() ?? 0;

function ruleFile(phase: 'before' | 'after'): string {
  const file = join(dir, `${phase}.sct`);
  writeFileSync(file, `rule {\n  syscall_name = unlinkat\n  when = ${phase}\n  action { type = LOG; log_format {%pid[%comm] exe=%exe ppid=%ppid uid=%uid cwd=%cwd} }\n}\n`);
  return file;
}

describe('LOG %comm %exe %ppid %uid %cwd on short-lived processes', () => {
  beforeEach(needs(...programs('cli')));
  it.each(['before', 'after'] as const)(`${RUNS} rm processes, %s the call: every one named, never ?`, (phase) => {
    // The shell prints its own pid: the parent of every rm.
    const script = `echo $$; for i in $(seq ${RUNS}); do touch victim$i; rm victim$i; done`;
    const r = sct(['run', '--no-summary', '-c', ruleFile(phase), '--', 'sh', '-c', script], { cwd: dir });
    expect(r.status).toBe(0);
    const sh = r.stdout.trim();
    const logged = lines(r.stderr);
    expect(logged).toHaveLength(RUNS);
    for (const l of logged) expect(l).toMatch(new RegExp(`^\\d+\\[rm\\] exe=/usr/bin/rm ppid=${sh} uid=${uid} cwd=${dir}$`));
  });
});
