// Issue 12 point 8: SUSPEND says which process it stopped, and how to resume it, without --json.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers.js';
import { PROGRAM, sct, programs } from './real.js';
import { procState, waitFor } from '../../reliability/helpers.js';
import { needs } from '../../../helpers/host/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sct-suspend-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill(); // sct kills the tree it runs: nothing stays stopped when the test fails
  rmSync(dir, { recursive: true, force: true });
});

describe('SUSPEND on python3', () => {
  beforeEach(needs(...programs('cli', 'python3')));
  it('prints `suspended pid N (comm) at openat("app.conf"); resume: sct resume N`, and that command resumes it', async () => {
    writeFileSync(join(dir, 'app.conf'), 'x=1\n');
    const rules = join(dir, 'suspend.sct');
    writeFileSync(rules, 'rule {\n  syscall_name = openat\n  filter_expression { path == "app.conf" }\n  action { type = SUSPEND }\n}\n');
    const run = spawn(process.execPath, [cliPath(), 'run', '--no-summary', '-c', rules, '--', PROGRAM.python3, '-c', 'print(open("app.conf").read().strip())'], { cwd: dir });
    child = run;
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const closed = new Promise<number | null>((r) => run.on('close', r));
    const line = await new Promise<string>((resolve, reject) => {
      run.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /^sct: suspended .*$/m.exec(stderr);
        if (m) resolve(m[0]);
      });
      run.on('close', () => reject(new Error(`sct ended without the suspend line: ${stderr}`)));
    });
    const pid = /pid (\d+)/.exec(line)?.[1];
    expect(line).toBe(`sct: suspended pid ${pid} (python3) at openat("app.conf"); resume: sct resume ${pid}`);
    // The line is printed when the rule acts, before the target has met its SIGSTOP (notify.cc
    // reports, then stops and answers): on a loaded machine the stop may come a moment later.
    expect(await waitFor(() => procState(Number(pid)) === 'T'), `state of pid ${pid}`).toBe(true);
    expect(sct(['resume', pid!]).status).toBe(0);
    expect(await closed).toBe(0);
    expect(stdout).toBe('x=1\n');
  });
});
