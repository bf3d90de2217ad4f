// `sct run` refuses an option that would be accepted and then ignored: the scenario options with a
// command, the run options with scenario files (a scenario brings its own rules and output), and
// what only a run uses with --explain (which runs nothing). `--arch` of another machine runs nothing
// either: it is for --explain.

import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { hostArch } from '../tables/index.js';

const SCENARIO_ONLY = ['reporter', 'jobs'];
const COMMAND_ONLY = ['config', 'expr', 'path', 'count', 'json', 'output', 'timeout', 'explain', 'summary', 'ioUring', 'arch'];
const NOT_WITH_EXPLAIN = ['json', 'output', 'timeout', 'summary', 'ioUring'];

export type RunMode = 'command' | 'scenarios' | 'explain';

/** The options the user gave on the command line (not defaults) that `mode` would not use. */
export function ignoredOptions(cmd: Command, mode: RunMode): string[] {
  const unused = mode === 'scenarios' ? COMMAND_ONLY : mode === 'explain' ? [...SCENARIO_ONLY, ...NOT_WITH_EXPLAIN] : SCENARIO_ONLY;
  return cmd.options
    .filter((o) => unused.includes(o.attributeName()) && cmd.getOptionValueSource(o.attributeName()) === 'cli')
    .map((o) => o.long ?? o.flags);
}

const WHY: Record<RunMode, string> = {
  command: 'they apply to scenario files (sct run scenarios/x.ts)',
  scenarios: 'a scenario file brings its own rules and reports with --reporter',
  explain: '--explain runs nothing',
};

export function checkRunOptions(cmd: Command, mode: RunMode): void {
  const ignored = ignoredOptions(cmd, mode);
  if (ignored.length > 0) throw new UsageError(`\`sct run\` would ignore ${ignored.map((o) => `\`${o}\``).join(', ')} here: ${WHY[mode]}`);
  // A filter built for another architecture kills every call of the program (SIGSYS).
  const arch = (cmd.opts() as { arch?: string }).arch;
  if (mode === 'command' && arch !== undefined && arch !== hostArch()) {
    throw new UsageError(`\`--arch ${arch}\` cannot run a program on this ${hostArch()} host; it is for \`--explain\` and \`sct config check\``);
  }
}
