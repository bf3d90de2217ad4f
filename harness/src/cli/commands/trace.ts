// `sct trace [-e trace=SET] -- cmd args...`: strace-like lines for every call of the trace set.
// Every traced call stops in the supervisor after it ran (after-phase LOG rules, tier 3), so that
// return values can be shown; that is slow by design. `-e inject=` rules apply as in `sct run`; a
// call they answer before it runs (error=, retval=) is printed as strace prints it, with what the
// program saw and ` (INJECTED)`.

import type { Command } from 'commander';
import { DESCRIPTIONS } from './descriptions.js';
import { parseStraceOptions, traceRules, tracedNames } from '../../rules/strace/index.js';
import { checkRules } from '../../rules/check/index.js';
import type { Rule } from '../../rules/model.js';
import { getTable, hostArch } from '../../tables/index.js';
import { startWithRules } from '../../engine/run.js';
import { UsageError } from '../../errors.js';
import { EXIT } from '../exit.js';
import { archOption, collect, maxErrorsOption } from '../options.js';
import { printLoadDiagnostics } from '../run-diagnostics.js';
import { eventPrinter, linePrefix } from '../run-events.js';
import { runExitCode } from '../run-exit.js';
import { openSink } from '../run-sink.js';
import { runFailureCode } from './run.js';

interface TraceCliOptions {
  /** strace's -T, refused with the reason (not an unknown option: users type it). */
  syscallTimes?: true;
  expr: string[];
  path: string[];
  quiet: number;
  decodeFds?: boolean;
  time: number;
  follow?: boolean;
  output?: string;
  json?: boolean;
  stringLimit?: string;
  ioUring: boolean;
  arch?: 'x86_64' | 'aarch64';
  maxErrors: number;
}

async function traceAction(argv: string[], opts: TraceCliOptions, cmd: Command): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined) {
    process.stderr.write('sct: `sct trace` needs a command to run: sct trace [options] -- cmd [args...]\n');
    cmd.outputHelp({ error: true });
    return EXIT.USAGE;
  }
  if (opts.syscallTimes) {
    process.stderr.write('sct: `sct trace -T` (time spent in each call) is not supported: sct stops each traced call once, after it ran, so it has no start time; -t/-tt print when each call returned\n');
    return EXIT.USAGE;
  }
  const arch = opts.arch ?? hostArch();
  const parsed = parseStraceOptions({ expressions: opts.expr, paths: opts.path, maxErrors: opts.maxErrors }, arch);
  const checked = checkRules(parsed.rules, { arch, maxErrors: opts.maxErrors - parsed.diagnostics.filter((d) => d.severity === 'error').length });
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  const source = { source: '<argv>', text: opts.expr.map((e) => `-e ${e}`).join('\n'), diagnostics };
  printLoadDiagnostics({ sources: [source], stopped: parsed.stopped || checked.stopped }, opts.maxErrors);
  if (diagnostics.some((d) => d.severity === 'error')) return EXIT.RUN_INTERNAL;
  const selectors = parsed.trace ?? getTable(arch).syscalls.map((s) => ({ kind: 'name' as const, name: s.name }));
  const rules: Rule[] = [...checked.rules, ...traceRules(selectors, arch, parsed.paths, opts.decodeFds === true)];
  const sink = openSink(opts.output);
  const limit = opts.stringLimit === undefined ? undefined : Number(opts.stringLimit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new UsageError(`Expected the \`--string-limit\` option to be a non-negative integer, got \`${opts.stringLimit}\``);
  }
  let mainPid: number | undefined;
  let traced = false;
  try {
    const handle = startWithRules({
      command,
      args,
      stdio: 'inherit',
      rules,
      arch,
      // Injected calls are shown as strace shows them: the supervisor must report each one.
      report: true,
      ...(opts.ioUring ? {} : { ioUring: 'deny' as const }),
      onEvent: eventPrinter({
        rules, json: opts.json === true, arch, sink, startNs: process.hrtime.bigint(),
        injectedOf: tracedNames(selectors, arch),
        ...(limit !== undefined ? { stringLimit: limit } : {}),
        ...(opts.time > 0 ? { timestamps: { precise: opts.time > 1 } } : {}),
        ...(opts.follow ? { prefixOthers: () => mainPid, prefixAll: opts.output !== undefined, exitLines: opts.quiet < 2 } : { onlyPid: () => mainPid }),
        expectExec: () => traced,
      }),
    });
    mainPid = handle.pid;
    traced = handle.traced;
    const result = await handle.result;
    const prefix = linePrefix({ prefixAll: opts.follow === true && opts.output !== undefined, ...(opts.time > 0 ? { timestamps: { precise: opts.time > 1 } } : {}) }, handle.pid, process.hrtime.bigint());
    // strace -qq: no exit status line.
    if (!opts.json && opts.quiet < 2) sink.write(prefix + (result.signal ? `+++ killed by ${result.signal} +++` : `+++ exited with ${result.exitCode ?? 0} +++`));
    return runExitCode(result);
  } finally {
    sink.close();
  }
}

export function registerTrace(program: Command): void {
  const cmd = program
    .command('trace')
    .description(DESCRIPTIONS.trace)
    .argument('[command...]', 'the program and its arguments, after --')
    .option('-e, --expr <spec>', 'trace=SET (default: all syscalls), or inject=... as in strace (repeatable)', collect, [])
    .option('-P, --path <path>', 'only calls on this path, or on an fd open on it (repeatable)', collect, [])
    .option('-q, --quiet', '-qq: leave out the `+++ exited with N +++` line (repeatable, as in strace)', (_v: string, n: number) => n + 1, 0)
    .option('-t, --time', 'start each line with the time of day; -tt with microseconds (as in strace)', (_v: string, n: number) => n + 1, 0)
    .option('-y, --decode-fds', 'print the path of each fd (`3</etc/passwd>`), as strace -y')
    .option('-T, --syscall-times', "strace's time spent in each call: refused, sct sees each call only after it ran")
    .option('-f, --follow', 'show the calls of child processes too, prefixed with their pid')
    .option('-o, --output <file>', 'write the trace to this file instead of stderr')
    .option('-s, --string-limit <n>', 'print at most n bytes of each string (default 32)')
    .option('--json', 'one JSON object per call (docs/events.md) instead of strace lines')
    .option('--no-io-uring', 'fail io_uring_setup with ENOSYS, so that programs do their I/O with syscalls sct sees (docs/engine.md)')
    .addOption(archOption())
    .addOption(maxErrorsOption())
    .action(async (argv: string[], opts: TraceCliOptions) => {
      try {
        process.exitCode = await traceAction(argv, opts, cmd);
      } catch (error) {
        process.exitCode = runFailureCode(error);
      }
    });
}
