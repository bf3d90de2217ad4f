// `sct run [rules] -- cmd args...`: run a program under rules with the seccomp engine.
//
// Exit status (EXIT_CODES in ../exit.ts): the target's own (128+n when a signal ended it), 2 when the
// command line cannot be parsed (no command, a malformed option value), 124 when --timeout expired,
// 126/127 when the command cannot be executed / is not found (as env(1)), 125 when sct itself failed
// (invalid rules, a rule file that cannot be read, a launch failure, the keeper killed from outside),
// 137 when a forwarded signal was not obeyed within --kill-after. SIGTERM, SIGINT and SIGHUP to sct
// are forwarded to the target (run-signals.ts).

import type { Command } from 'commander';
import { DESCRIPTIONS } from './descriptions.js';
import { hostArch } from '../../tables/index.js';
import { loadRules } from '../../rules/load.js';
import { tracedNames } from '../../rules/strace/index.js';
import { UsageError } from '../../errors.js';
import { compileRules } from '../../engine/compile/index.js';
import { CommandNotExecutableError, CommandNotFoundError, startWithRules, type RuleCount } from '../../engine/run.js';
import { loadNative, nativeFeatures } from '../../engine/native.js';
import { EXIT, fromCommandLine, reportError } from '../exit.js';
import { archOption, collect, maxErrorsOption } from '../options.js';
import { printLoadDiagnostics } from '../run-diagnostics.js';
import { eventPrinter } from '../run-events.js';
import { explain } from '../run-explain.js';
import { RUN_EXIT, runExitCode } from '../run-exit.js';
import { openSink } from '../run-sink.js';
import { forwardSignals, parseKillAfter } from '../run-signals.js';
import { formatRunSummary } from '../run-summary.js';
import { formatUnmatched, unmatchedEvents } from '../run-unmatched.js';
import { toJsonEvent } from '../../engine/decode/index.js';
import { isScenarioInvocation, parseJobs, reporterOption, type ScenarioReporter } from '../run-scenario-args.js';
import { runScenarioCommand } from '../scenario-run.js';
import { checkRunOptions } from '../run-option-check.js';

interface RunCliOptions {
  maxErrors: number;
  config: string[];
  expr: string[];
  path: string[];
  count?: boolean;
  json?: boolean;
  output?: string;
  timeout?: string;
  killAfter?: string;
  explain?: boolean;
  arch?: 'x86_64' | 'aarch64';
  summary: boolean;
  ioUring: boolean;
  reporter: ScenarioReporter;
  jobs?: string;
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`Expected the \`--timeout\` option to be a positive integer (ms), got \`${text}\``);
  return n;
}

/** Handles what can go wrong around the target (not the target's own failures). */
export function runFailureCode(error: unknown): number {
  if (error instanceof CommandNotFoundError) {
    process.stderr.write(`sct: ${error.message}\n`);
    return RUN_EXIT.NOT_FOUND;
  }
  if (error instanceof CommandNotExecutableError) {
    process.stderr.write(`sct: ${error.message}\n`);
    return RUN_EXIT.NOT_EXECUTABLE;
  }
  return reportError(error, EXIT.RUN_INTERNAL);
}

async function runAction(argv: string[], opts: RunCliOptions, cmd: Command): Promise<number> {
  const scenarios = isScenarioInvocation(argv);
  checkRunOptions(cmd, scenarios ? 'scenarios' : opts.explain ? 'explain' : 'command');
  if (scenarios) return runScenarioCommand(argv, { reporter: opts.reporter, jobs: fromCommandLine(() => parseJobs(opts.jobs)) });
  const [command, ...args] = argv;
  if (command === undefined && !opts.explain) {
    process.stderr.write('sct: `sct run` needs a command to run: sct run [options] -- cmd [args...]\n');
    cmd.outputHelp({ error: true });
    return EXIT.USAGE;
  }
  const timeoutMs = fromCommandLine(() => parseTimeout(opts.timeout));
  const killAfterMs = fromCommandLine(() => parseKillAfter(opts.killAfter));
  const arch = opts.arch ?? hostArch();
  const loaded = await loadRules({ files: opts.config, expressions: opts.expr, paths: opts.path, arch, maxErrors: opts.maxErrors });
  printLoadDiagnostics(loaded, opts.maxErrors);
  if (loaded.errorCount > 0) {
    process.stderr.write(`sct: ${loaded.errorCount} error(s) in the rules; nothing was run\n`);
    return EXIT.RUN_INTERNAL;
  }
  const rules = [...loaded.rules, ...loaded.traceRules];
  // The summary and "never matched" speak of the rules the user wrote, not of -e trace='s own.
  const own = (c: RuleCount): boolean => c.rule <= loaded.rules.length;
  if (opts.explain) {
    const compiled = compileRules(rules, { arch, count: opts.count, notifExec: nativeFeatures().notifExec === true });
    for (const line of explain(compiled, arch)) process.stdout.write(line + '\n');
    return EXIT.OK;
  }
  // Orphans of a tree whose keeper is killed from outside come to this process, which kills them.
  loadNative().becomeSubreaper();
  const sink = openSink(opts.output);
  const startNs = process.hrtime.bigint();
  let traced = false;
  let mainPid: number | undefined;
  // -e trace=SET: the calls are printed as `sct trace -f` prints them, injected ones included.
  const trace = loaded.trace === undefined ? {} : { injectedOf: tracedNames(loaded.trace, arch), prefixOthers: () => mainPid };
  const forwarding = forwardSignals(killAfterMs);
  try {
    const handle = startWithRules({
      command: command!,
      args,
      stdio: 'inherit',
      rules,
      count: opts.count,
      ...(opts.ioUring ? {} : { ioUring: 'deny' as const }),
      report: opts.json === true || loaded.trace !== undefined,
      timeoutMs,
      arch,
      onEvent: eventPrinter({ rules, json: opts.json === true, arch, sink, startNs, expectExec: () => traced, ...trace }),
    });
    traced = handle.traced;
    mainPid = handle.pid;
    forwarding.attach(handle);
    const result = await handle.result;
    if (forwarding.killed) {
      process.stderr.write(`sct: the target did not end within --kill-after ${killAfterMs} ms of the signal; the tree was killed\n`);
      return RUN_EXIT.KILLED;
    }
    if (opts.summary && !opts.json) for (const line of formatRunSummary(result.counts.filter(own))) process.stderr.write(line + '\n');
    if (result.keeperLost) {
      process.stderr.write('sct: the keeper process died (killed from outside?); the target tree was killed\n');
      return EXIT.RUN_INTERNAL;
    }
    // Printed even with --no-summary: a rule that never matched is a warning, not a statistic.
    for (const e of unmatchedEvents(result.counts.filter(own), rules, opts.path)) {
      if (opts.json) sink.write(JSON.stringify(toJsonEvent(e, { arch })));
      else process.stderr.write(formatUnmatched(e) + '\n');
    }
    if (result.timedOut) process.stderr.write(`sct: the target was killed after --timeout ${timeoutMs} ms\n`);
    return runExitCode(result);
  } finally {
    forwarding.dispose();
    sink.close();
  }
}

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description(DESCRIPTIONS.run)
    .argument('[command...]', 'the program and its arguments, after --; or scenario files (.ts) and globs')
    .option('-c, --config <file>', 'rule file in the syscalltrack language (repeatable)', collect, [])
    .option('-e, --expr <spec>', 'strace-style spec, e.g. inject=openat:error=EACCES:when=3, or trace=SET to print those calls as `sct trace -f` does (repeatable)', collect, [])
    .option('-P, --path <path>', 'strace-style -P: apply -e rules only to calls on this path (repeatable)', collect, [])
    .addOption(maxErrorsOption())
    .option('--count', 'count every rule, tier-1 rules too (they then leave the kernel)')
    .option('--json', 'write every event as one JSON object per line (docs/events.md) to stderr or -o')
    .option('-o, --output <file>', 'write LOG lines (or --json events) to this file instead of stderr')
    .option('--timeout <ms>', 'kill the program and its children after this many milliseconds (exit 124)')
    .option('--kill-after <duration>', 'after forwarding SIGTERM, SIGINT or SIGHUP to the program, SIGKILL its tree if it has not ended this long after (exit 137); seconds, or 500ms, 2s', '10')
    .option('--explain', 'print where each rule runs (tier) and what the filter decides, and exit without running')
    .option('--no-summary', 'do not print the per-rule table at exit')
    .option('--no-io-uring', 'fail io_uring_setup with ENOSYS, so that programs do their I/O with syscalls the rules see (docs/engine.md)')
    .addOption(archOption())
    .addOption(reporterOption())
    .option('-j, --jobs <n>', 'scenarios run in parallel (default: the number of cores)')
    .addHelpText('after', `
Signals: SIGTERM, SIGINT and SIGHUP sent to sct are forwarded to the program (a process held by a
SUSPEND rule is continued first), and sct exits with the program's own status: 0 if it catches the
signal and exits 0, 128+n if the signal ends it. If it has not ended --kill-after later, its whole
tree is SIGKILLed and sct exits 137.`)
    .action(async (argv: string[], opts: RunCliOptions) => {
      try {
        process.exitCode = await runAction(argv, opts, cmd);
      } catch (error) {
        process.exitCode = runFailureCode(error);
      }
    });
}

