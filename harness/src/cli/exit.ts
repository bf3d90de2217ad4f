// Exit codes of every `sct` command, as one table (EXIT_CODES) that `sct --help` prints and the
// README carries (a test keeps the two equal). Commands that run a target (`run`, `trace`,
// `explore`) pass the target's own status through, so sct's own failures there use 125, as
// timeout(1) and env(1) do, and 2 only means that the command line could not be parsed.

import { SctError, UsageError } from '../errors.js';

export const EXIT = {
  OK: 0,
  /** A check failed: invalid rules (`config check`), a failed scenario, a failing schedule found (`explore`). */
  CHECK_FAILED: 1,
  /** The command line cannot be parsed: unknown command or option, missing argument, malformed option value. */
  USAGE: 2,
  /** `run`/`trace --timeout` expired (timeout(1)). */
  TIMED_OUT: 124,
  /** A command that runs a target: sct itself failed (invalid rules, unreadable rule file, launch failure). */
  RUN_INTERNAL: 125,
  /** The command exists but cannot be executed (env(1)). */
  NOT_EXECUTABLE: 126,
  /** The command was not found (env(1)). */
  NOT_FOUND: 127,
} as const;

export interface ExitCodeRow {
  code: string;
  commands: string;
  meaning: string;
}

export const EXIT_CODES: readonly ExitCodeRow[] = [
  { code: '0', commands: 'all', meaning: 'all is well; `run`/`trace`: the target exited 0; `explore`: no failing schedule found; `crash`: no crash state violates the scenario; `watch`: stopped by SIGINT/SIGTERM' },
  { code: '1', commands: 'all but `run -- cmd`, `trace`', meaning: 'a check failed: invalid rules (`config check`), a failed scenario (`run FILE.ts`), a failing schedule found (`explore`), a violating crash state found (`crash`), nothing to resume' },
  { code: '2', commands: 'all', meaning: 'the command line cannot be parsed: unknown command or option, missing argument, malformed option value; `config`: a rule file that cannot be read; `watch`: invalid rules, or a rule the backend refuses (nothing attached)' },
  { code: 'N', commands: '`run -- cmd`, `trace`', meaning: "the target's own exit status; 128+n when signal n ended it" },
  { code: '124', commands: '`run`', meaning: '`--timeout` expired (as timeout(1))' },
  { code: '125', commands: '`run`, `trace`, `explore`, `crash`, `watch`', meaning: "sct's own failure: invalid rules, a rule file that cannot be read, an unknown errno, a scenario that does not load, the supervisor failed; `watch`: not root, no libbpf, BPF refused by the host" },
  { code: '126', commands: '`run`, `trace`', meaning: 'the command exists but cannot be executed (as env(1))' },
  { code: '127', commands: '`run`, `trace`', meaning: 'the command was not found (as env(1))' },
];

/** The table as `sct --help` prints it. */
export function exitCodesHelp(): string {
  const plain = (s: string): string => s.replaceAll('`', '');
  const width = Math.max(...EXIT_CODES.map((r) => plain(r.commands).length));
  return ['Exit codes:', ...EXIT_CODES.map((r) => `  ${r.code.padStart(3)}  ${plain(r.commands).padEnd(width)}  ${plain(r.meaning)}`)].join('\n');
}

/** The table as the README carries it (under "### Exit codes"). */
export function exitCodesMarkdown(): string {
  return ['| code | commands | meaning |', '|---:|---|---|', ...EXIT_CODES.map((r) => `| ${r.code} | ${r.commands} | ${r.meaning} |`)].join('\n');
}

/** A UsageError raised while reading the command line itself: exit 2 even in a command that runs a target. */
export class CommandLineError extends UsageError {}

/** Runs `read` (option parsing); a UsageError it throws becomes a CommandLineError. */
export function fromCommandLine<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UsageError && !(error instanceof CommandLineError)) throw new CommandLineError(error.message, { cause: error });
    throw error;
  }
}

/**
 * Print an error the way a user can act on it and return the exit code it deserves. In a command
 * that runs a target (`internalCode` 125) only a CommandLineError is a usage error (2): a UsageError
 * from deeper down (a rule file that cannot be read) is sct's own failure there.
 */
export function reportError(error: unknown, internalCode: number = EXIT.USAGE): number {
  if (error instanceof UsageError && (internalCode !== EXIT.RUN_INTERNAL || error instanceof CommandLineError)) {
    process.stderr.write(`sct: ${error.message}\n`);
    return EXIT.USAGE;
  }
  if (error instanceof SctError) {
    process.stderr.write(`sct: ${error.message} [${error.code}]\n`);
    return internalCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`sct: internal error: ${message}\n`);
  return internalCode === EXIT.USAGE ? EXIT.CHECK_FAILED : internalCode;
}
