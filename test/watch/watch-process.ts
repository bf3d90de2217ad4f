// Runs `sct watch` (the built CLI, dist/) as a child process for the watch tests: waits for its
// "watching" line, collects its events, stops it with a signal. And the reason to skip a file:
// not root, or this host refuses the BPF programs (the probe's own error).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { waitMs } from '../helpers/scale.js';

export const SCT = ['dist/harness/src/cli/main.js'];

export interface Watch {
  child: ChildProcess;
  stdout(): string[];
  stderr(): string;
  /** Resolves when a stdout line satisfies `pred` (rejects after `ms`). */
  waitForLine(pred: (line: string) => boolean, ms?: number): Promise<string>;
  waitForStderr(text: string, ms?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string[]; stderr: string }>;
}

function until(check: () => boolean, ms: number, what: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = (): void => {
      if (check()) return resolve();
      if (Date.now() - t0 > ms) return reject(new Error(`timed out after ${ms} ms waiting for ${what()}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

export async function startWatch(args: string[]): Promise<Watch> {
  const child = spawn(process.execPath, [...SCT, 'watch', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exited: number | null | undefined;
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r((exited = code))));
  const lines = (): string[] => out.split('\n').filter(Boolean);
  const w: Watch = {
    child,
    stdout: lines,
    stderr: () => err,
    async waitForLine(pred, ms = 10_000) {
      await until(() => lines().some(pred), ms, () => `a matching event; stdout:\n${out}\nstderr:\n${err}`);
      return lines().find(pred)!;
    },
    waitForStderr: (text, ms = 15_000) => until(() => err.includes(text) || exited !== undefined, ms, () => `\`${text}\` on stderr; got:\n${err}`).then(() => {
      if (!err.includes(text)) throw new Error(`sct watch exited (${exited}) before \`${text}\`:\n${err}`);
    }),
    async stop(signal = 'SIGINT') {
      if (exited === undefined) child.kill(signal);
      const code = await closed;
      return { code, stdout: lines(), stderr: err };
    },
  };
  await w.waitForStderr('sct: watching');
  return w;
}

// Runs `sct watch ARGS` and stops it (SIGINT) as soon as it says it is watching; passes on a
// SIGINT of its own (the probe's time limit). Its stderr is sct's.
const PROBE = `
const c = require('node:child_process').spawn(process.execPath, process.argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
let err = '';
c.stderr.on('data', (d) => { err += d; if (err.includes('sct: watching')) c.kill('SIGINT'); });
process.on('SIGINT', () => c.kill('SIGINT'));
c.on('close', (code) => { process.stderr.write(err); process.exit(code ?? 1); });`;

/** Why this host cannot run the watch tests, or undefined when it can. */
export function skipReason(): string | undefined {
  if (process.geteuid?.() !== 0) return 'not root: sct watch loads BPF programs';
  // Ends when sct says it is watching; the limit (3 s here, scaled in the TCG guest, where node
  // alone took more than 3 s to start) only for a host that never gets there.
  const probe = spawnSync(process.execPath, ['-e', PROBE, ...SCT, 'watch', '-e', 'trace=getppid'], { timeout: waitMs(3000), killSignal: 'SIGINT', encoding: 'utf8' });
  if (probe.stderr.includes('sct: watching')) return undefined;
  const said = probe.stderr.trim() || `exit ${probe.status}`;
  // What a host may lack: root, libbpf, the BPF syscall (EPERM by policy); or it was too slow to
  // attach within the probe's time. Anything else (a program the verifier refuses, an attach
  // error) is the project's own failure and fails the file rather than skipping it.
  if (probe.status === null || probe.error !== undefined || /SCT_WATCH_NEEDS_ROOT|SCT_WATCH_UNAVAILABLE|Operation not permitted/.test(said)) {
    return `this host cannot run sct watch: ${said}`;
  }
  throw new Error(`sct watch -e trace=getppid did not start: ${said}`);
}

export function reportSkip(file: string, reason: string | undefined): void {
  if (reason) process.stderr.write(`${file}: skipped: ${reason}\n`);
}

/** Runs `sh -c script` in its own session (not a child of sct or of this test's tree). */
export function setsidSh(script: string, cwd: string): void {
  const r = spawnSync('setsid', ['-w', 'sh', '-c', script], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`setsid sh -c '${script}': exit ${r.status} ${r.stderr}`);
}

/** A watch test file's setup: why it skips (printed), and a scratch directory removed after it. */
export function watchTestFile(name: string): { skip: string | undefined; dir: string } {
  const skip = skipReason();
  reportSkip(`test/watch/${name}`, skip);
  const dir = mkdtempSync(join(tmpdir(), `sct-watch-${name.replace(/\.test\.ts$/, '')}-`));
  chmodSync(dir, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { skip, dir };
}
