// Issue #13, point 7: `sct run` forwards SIGTERM, SIGINT and SIGHUP to the target (continuing a
// SUSPENDed one first) and exits with the target's own status; a target that ignores the signal
// is SIGKILLed with its tree --kill-after later (exit 137). Before: sct SIGKILLed the target at
// once and exited 137 whatever the target would have done.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { skipWhen } from '../../helpers/host/index.js';
import { buildPrograms, cliPath, lines, type Programs } from './helpers.js';
import { procState, waitFor } from '../reliability/helpers.js';

let progs: Programs;
beforeAll(() => {
  progs = buildPrograms();
});
afterAll(() => progs?.cleanup());

/**
 * Starts `sct run ARGS`, sends `signal` to sct once the target printed "ready" (with `suspended`:
 * once sct said it suspended the target and the target is stopped), returns the outcome.
 */
function runAndSignal(args: string[], signal: NodeJS.Signals, opts: { suspended?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath(), 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.env ? { env: opts.env } : {}) });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const maybeSend = (): void => {
      if (sent || !stdout.includes('ready\n')) return;
      if (!opts.suspended) {
        sent = true;
        child.kill(signal);
        return;
      }
      const pid = /^sct: suspended pid (\d+)/m.exec(stderr)?.[1];
      if (pid === undefined) return;
      sent = true;
      // sct prints the line as the rule acts; the stop itself lands a moment later.
      void waitFor(() => procState(Number(pid)) === 'T').then(() => child.kill(signal));
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      maybeSend();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      maybeSend();
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (status) => {
      clearTimeout(guard);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('sct run forwards signals', () => {
  beforeEach(skipWhen(existsSync(cliPath()) ? undefined : `needs the built CLI (${cliPath()}): run npm run build`));
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s: the target catches it and exits 0, so sct exits 0', async (signal) => {
    const r = await runAndSignal(['--', progs.bin('term_trap'), 'catch'], signal);
    expect([r.status, lines(r.stdout)]).toEqual([0, ['ready', `got ${signal.slice(3)}`]]);
  });

  it('a signal that comes while launch() is still returning (the target already runs) is forwarded, not fatal to sct', async () => {
    // The addon's test-only delay holds launch() 300 ms after the exec: "ready" comes first.
    const env = { ...process.env, SCT_TEST_LAUNCH_RETURN_DELAY_MS: '300' };
    const r = await runAndSignal(['--', progs.bin('term_trap'), 'catch'], 'SIGINT', { env });
    expect([r.status, lines(r.stdout)]).toEqual([0, ['ready', 'got INT']]);
  });

  it('a target held by SUSPEND is continued first, then gets the signal', async () => {
    const rules = join(progs.dir, 'suspend.sct');
    writeFileSync(rules, 'rule {\n  syscall_name = getppid\n  action { type = SUSPEND }\n}\n');
    const r = await runAndSignal(['-c', rules, '--', progs.bin('term_trap'), 'suspend'], 'SIGTERM', { suspended: true });
    expect([r.status, lines(r.stdout)]).toEqual([0, ['ready', 'got TERM']]);
  });

  it('a target that ignores SIGTERM is killed --kill-after later: exit 137', async () => {
    const r = await runAndSignal(['--kill-after', '300ms', '--', progs.bin('term_trap'), 'ignore'], 'SIGTERM');
    expect(r.status).toBe(137);
    expect(r.stderr).toMatch(/did not end within --kill-after 300 ms/);
  });

  it('a target that does not catch SIGTERM dies of it: exit 143 (128 + 15)', async () => {
    const r = await runAndSignal(['--', 'sh', '-c', 'echo ready; exec sleep 60'], 'SIGTERM');
    expect(r.status).toBe(143);
  });

  it('refuses a bad --kill-after, naming it', async () => {
    const r = await runAndSignal(['--kill-after', 'soon', '--', 'true'], 'SIGTERM');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/`--kill-after`.*got `soon`/);
  });
});
