// Run a program under rules: compile them, resolve the program, set up stdio, launch the
// supervisor, and turn what it reports into a RunResult.

import { closeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { asRules } from '../../rules/as-rule.js';
import type { Rule } from '../../rules/model.js';
import { hostArch, signalByName, signalName } from '../../tables/index.js';
import { UsageError } from '../../errors.js';
import { launchNative, nativeFeatures } from '../native.js';
import type { NativeEvent, NativeExit } from '../native-binding.js';
import { compileRules, type CompiledRules } from '../compile/index.js';
import { decodeEvent, type DecodedEvent, type DecodeContext } from '../decode/index.js';
import { errnoValue } from '../../filter/index.js';
import { callbackHandler } from './callbacks.js';
import { ioUringRule, ioUringWarner } from './io-uring.js';
import { LaunchError } from './errors.js';
import { capture, inputFile, TempDir, type Capture } from './pipes.js';
import { resolveCommand } from './resolve-command.js';
import type { RuleCount, RunHandle, RunOptions, RunResult } from './types.js';

type BuiltRunOptions = RunOptions & { rules: Rule[] };

/** How long to wait for piped output after the target is gone (a daemon may hold the pipe). */
const OUTPUT_GRACE_MS = 1000;

function decodeContext(all: readonly Rule[], compiled: CompiledRules, arch: DecodeContext['arch']): DecodeContext {
  const rules = new Map<number, { index: number; name?: string; action: string; result?: bigint }>();
  for (const [id, index] of compiled.ruleOf) {
    const rule = all[index]!;
    const a = rule.action;
    const result = a.type === 'FAIL' ? -BigInt(errnoValue(a.errno, 'rule')) : a.type === 'RETURN' ? a.value : undefined;
    rules.set(id, {
      index: index + 1,
      action: rule.callback ? 'CALLBACK' : a.type,
      ...(rule.name !== undefined ? { name: rule.name } : {}),
      ...(result !== undefined ? { result } : {}),
    });
  }
  return { arch, rules, compatNames: compiled.compatNames };
}

/** The user's rules only (sct's own, such as the io_uring watch, come after them). */
function countsOf(compiled: CompiledRules, opts: BuiltRunOptions, exit: NativeExit): RuleCount[] {
  return compiled.summary.filter((s) => s.index < opts.rules.length).map((s) => {
    const tally = s.nativeIds.reduce(
      (t, id) => {
        const c = exit.counts[id];
        return { matched: t.matched + (c?.matched ?? 0), acted: t.acted + (c?.acted ?? 0) };
      },
      { matched: 0, acted: 0 },
    );
    const name = opts.rules[s.index]!.name;
    return { rule: s.index + 1, ...(name !== undefined ? { name } : {}), tier: s.tier, counted: s.counted, ...tally };
  });
}

export function startWithRules(input: RunOptions): RunHandle {
  const opts = { ...input, rules: asRules(input.rules) };
  const arch = opts.arch ?? hostArch();
  const policy = opts.ioUring ?? (opts.rules.length > 0 ? 'warn' : 'allow');
  const all = policy === 'allow' ? opts.rules : [...opts.rules, ioUringRule(policy)];
  const compiled = compileRules(all, { arch, count: opts.count, report: opts.report, notifExec: nativeFeatures().notifExec === true });
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const file = resolveCommand(opts.command, env, cwd);
  const piped = (opts.stdio ?? 'pipe') === 'pipe';
  const dir = new TempDir();
  const started = performance.now();
  let out: Capture | undefined;
  let err: Capture | undefined;
  let stdinFd = piped ? -1 : 0;
  try {
    if (piped) {
      out = capture(dir, 'stdout', opts.onStdout);
      err = capture(dir, 'stderr', opts.onStderr);
    }
    if (opts.input !== undefined) stdinFd = inputFile(dir, opts.input);
  } catch (error) {
    throw new LaunchError(`cannot set up the target's stdio: ${(error as Error).message}`, { cause: error });
  } finally {
    // Every FIFO and the stdin file is open: their names are no longer needed, and nothing is
    // left on disk if this process is killed (SIGKILL runs no cleanup).
    dir.remove();
  }
  const ctx = decodeContext(all, compiled, arch);
  const ioUringWarning = ioUringWarner();
  const events: DecodedEvent[] = [];
  const warnings: string[] = [];
  const warn = (message: string): void => {
    const e: DecodedEvent = { type: 'warning', time: process.hrtime.bigint(), pid: 0, tid: 0, message };
    events.push(e);
    warnings.push(message);
    opts.onEvent?.(e);
  };
  let resolveExit!: (e: NativeExit) => void;
  const exited = new Promise<NativeExit>((r) => (resolveExit = r));
  let supervisor;
  try {
    supervisor = launchNative({
      file,
      argv: [opts.command, ...(opts.args ?? [])],
      envp: Object.entries(env).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`])),
      cwd,
      stdio: [stdinFd, out?.writeFd ?? 1, err?.writeFd ?? 2],
      bpf: compiled.bpf,
      rules: compiled.rules,
      needsPtrace: compiled.needsPtrace,
      needsNotify: compiled.needsNotify,
      timeoutMs: opts.timeoutMs ?? 0,
      onEvents: (batch: NativeEvent[]) => {
        for (const raw of batch) {
          const e = decodeEvent(raw, ctx);
          if (e.rule !== undefined && e.rule > opts.rules.length) {
            const message = ioUringWarning(e);
            if (message !== undefined) warn(message);
            continue;
          }
          events.push(e);
          opts.onEvent?.(e);
        }
      },
      onExit: (exit: NativeExit) => resolveExit(exit),
      ...(opts.rules.some((r) => r.callback) ? { onCallback: callbackHandler(opts.rules, compiled.ruleOf, arch, warn) } : {}),
    });
  } catch (error) {
    out?.closeWriter();
    err?.closeWriter();
    out?.abandon();
    err?.abandon();
    throw error instanceof Error && 'code' in error ? error : new LaunchError(`cannot launch \`${file}\`: ${(error as Error).message}`, { cause: error });
  } finally {
    if (stdinFd > 2) closeQuietly(stdinFd);
  }
  out?.closeWriter();
  err?.closeWriter();

  const result = (async (): Promise<RunResult> => {
    const exit = await exited;
    const grace = setTimeout(() => {
      out?.abandon();
      err?.abandon();
    }, OUTPUT_GRACE_MS);
    const [stdout, stderr] = await Promise.all([out?.text, err?.text]);
    clearTimeout(grace);
    return {
      exitCode: exit.exitCode,
      signal: exit.signal === null ? null : (signalName(exit.signal, arch) ?? `SIG${exit.signal}`),
      timedOut: exit.timedOut,
      keeperLost: exit.keeperLost,
      ...(stdout !== undefined ? { stdout } : {}),
      ...(stderr !== undefined ? { stderr } : {}),
      events,
      counts: countsOf(compiled, opts, exit),
      durationMs: performance.now() - started,
      summary: compiled.summary.filter((r) => r.index < opts.rules.length),
      notes: compiled.notes,
    };
  })();

  const sup = supervisor;
  return {
    pid: sup.pid,
    traced: compiled.needsPtrace,
    resume: (pid: number) => sup.resume(pid),
    signal: (signal: NodeJS.Signals | number) => sup.signal(signalNumber(signal, arch)),
    kill: () => sup.kill(),
    result,
  };
}

function signalNumber(signal: NodeJS.Signals | number, arch: DecodeContext['arch']): number {
  if (typeof signal === 'number') return signal; // the addon checks the number (1 to NSIG-1)
  const n = signalByName(signal, arch);
  if (n === undefined) throw new UsageError(`Expected a signal name or number, got \`${String(signal)}\``);
  return n;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
}

export function runWithRules(opts: RunOptions): Promise<RunResult> {
  try {
    return startWithRules(opts).result;
  } catch (error) {
    return Promise.reject(error);
  }
}
