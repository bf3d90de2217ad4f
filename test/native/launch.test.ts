import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { LaunchError } from '../../harness/src/errors.js';
import { signalByName } from '../../harness/src/tables/constants.js';
import { program } from '../helpers/c-programs.js';
import { run } from './helpers/run.js';
import { cc, needs } from '../helpers/host/index.js';

beforeEach(needs(cc));

const here = dirname(fileURLToPath(import.meta.url));

describe('launch', () => {
  it('reports exit codes', async () => {
    expect((await run(['/bin/true'])).exit).toMatchObject({ exitCode: 0, signal: null, timedOut: false });
    expect((await run(['/bin/false'])).exit.exitCode).toBe(1);
    expect((await run([program('exit_with'), '42'])).exit.exitCode).toBe(42);
  });

  it('reports the signal that ended the target (not 128+n: that is the CLI)', async () => {
    const sigterm = signalByName('SIGTERM')!;
    const r = await run([program('exit_with'), String(-sigterm)]);
    expect(r.exit).toMatchObject({ exitCode: null, signal: sigterm });
  });

  it('passes argv and stdout', async () => {
    const r = await run(['/bin/echo', 'hello', 'world']);
    expect(r.stdout).toBe('hello world\n');
  });

  it('throws a typed error for a program that does not exist, and Node survives', async () => {
    const err = await run(['/nonexistent/prog']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LaunchError);
    expect(err).toMatchObject({ code: 'SCT_EXEC', syscall: 'execve' });
    expect((err as Error).message).toMatch(/^cannot execute \/nonexistent\/prog: ENOENT/);
    expect((await run(['/bin/true'])).exit.exitCode).toBe(0);
  });

  it('runWithRules: a missing command, a directory and an exec failure are all LaunchErrors, each with its code', async () => {
    const { runWithRules } = await import('../../harness/src/index.js');
    const codes = [];
    for (const command of ['no-such-command-sct', '/tmp', join(here, 'no-such-file')]) {
      const err = await runWithRules({ command, rules: [] }).catch((e: unknown) => e);
      expect(err, command).toBeInstanceOf(LaunchError);
      codes.push((err as LaunchError).code);
    }
    expect(codes).toEqual(['SCT_COMMAND_NOT_FOUND', 'SCT_COMMAND_NOT_EXECUTABLE', 'SCT_COMMAND_NOT_FOUND']);
  });

  it('throws for a directory given as program (EACCES)', async () => {
    await expect(run(['/tmp'])).rejects.toMatchObject({ code: 'SCT_EXEC', errno: 13 });
  });

  it('kills the tree at timeoutMs and says so', async () => {
    const t0 = Date.now();
    const r = await run(['/bin/sleep', '30'], { timeoutMs: 300 });
    expect(r.exit).toMatchObject({ timedOut: true, signal: signalByName('SIGKILL') });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('gives the target a blocking stdout when Node has a non-blocking, close-on-exec pipe', async () => {
    // A separate node whose stdout is a pipe (O_NONBLOCK, FD_CLOEXEC there); the target inherits fd 1.
    const child = spawn(process.execPath, [join(here, 'helpers', 'launch-script.mjs')], {
      env: { SCT_LAUNCH: JSON.stringify({ argv: ['/bin/sh', '-c', 'head -c 300000 /dev/zero | tr "\\0" x; echo; echo done'] }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(code).toBe(0);
    expect(out).toContain('x'.repeat(300000) + '\ndone\n');
    expect(out).toMatch(/EXIT {"exitCode":0/);
  });
});
