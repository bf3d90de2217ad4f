// Runs a target under the native supervisor and collects its events, exit and stdout (through a
// temp file, since Node has no pipe() of its own).
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchNative } from '../../../harness/src/engine/native.js';
import type { LaunchOptions, NativeEvent, NativeExit, NativeRule, Supervisor } from '../../../harness/src/engine/native-binding.js';

export interface RunResult {
  exit: NativeExit;
  events: NativeEvent[];
  stdout: string;
  pid: number;
  /** The target's working directory (a fresh temp dir unless `cwd` was given). */
  cwd: string;
}

export interface RunOptions extends Partial<Omit<LaunchOptions, 'onEvents' | 'onExit'>> {
  /** Called once after launch with the supervisor, and on every batch. */
  onStart?: (sup: Supervisor) => void;
  onEvents?: (events: NativeEvent[], sup: Supervisor) => void;
}

export function rule(r: Partial<NativeRule> & Pick<NativeRule, 'nrs' | 'action'>): NativeRule {
  return {
    id: 1,
    tier: 2,
    phase: 0,
    compatNrs: [],
    prog: new Uint8Array(),
    // Events come only from rules that report; these tests look at them.
    report: true,
    trigger: { first: 1, last: 0, step: 1, p: 1, seed: 0, max: 0, scope: 0 },
    ...r,
  };
}

export function run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sct-run-'));
  const outPath = join(dir, 'stdout');
  const out = openSync(outPath, 'w');
  const events: NativeEvent[] = [];
  return new Promise((resolve, reject) => {
    let sup: Supervisor | undefined;
    try {
      sup = launchNative({
        file: argv[0]!,
        argv,
        envp: ['PATH=/usr/bin:/bin'],
        cwd: dir,
        stdio: [0, out, 2],
        bpf: new Uint8Array(),
        rules: [],
        needsNotify: false,
        needsPtrace: false,
        timeoutMs: 20_000,
        ...opts,
        onEvents: (batch) => {
          events.push(...batch);
          opts.onEvents?.(batch, sup!);
        },
        onExit: (exit) => {
          closeSync(out);
          resolve({ exit, events, stdout: readFileSync(outPath, 'utf8'), pid: sup!.pid, cwd: opts.cwd ?? dir });
        },
      });
      opts.onStart?.(sup);
    } catch (err) {
      closeSync(out);
      reject(err);
    }
  });
}
