// A run keeps nothing on disk that outlives its process: the FIFOs for the target's stdout and
// stderr and the file for its stdin are unlinked once open. A SIGKILLed process (no cleanup
// runs) used to leave its /tmp/sct-run-* directory behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../harness/src/paths.js';

// A plain node process running one target under the built library, piped stdio and an input;
// it prints "started" once the target wrote to its stdout.
const SCRIPT = `
const { runWithRules } = await import(${JSON.stringify(join(packageRoot(), 'dist/harness/src/index.js'))});
await runWithRules({ command: 'sh', args: ['-c', 'read x; echo "$x"; exec sleep 30'], input: 'started\\n', rules: [],
  onStdout: (c) => process.stdout.write(c) });
`;

let tmp: string;
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('temporary files of a run', () => {
  it('a process SIGKILLed while its target runs leaves nothing in TMPDIR', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'sct-temp-files-test-'));
    const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => c.toString().includes('started') && resolve());
      child.on('exit', (code) => reject(new Error(`the script exited ${code} before its target started`)));
    });
    const during = readdirSync(tmp);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect({ during, after: readdirSync(tmp) }).toEqual({ during: [], after: [] });
  });
});
