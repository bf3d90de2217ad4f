import { InvalidArgumentError, Option } from 'commander';

/** `--arch`: which syscall table rules are checked against (default: this machine's). */
export function archOption(): Option {
  return new Option('--arch <arch>', 'syscall table to check against (default: this machine)').choices(['x86_64', 'aarch64']);
}

/** The lists `collect` made: its own to append to (never the option's default, which is shared). */
const collected = new WeakSet<string[]>();

/**
 * Commander option parser for repeatable options: `-e a -e b` gives ['a', 'b']. Appends in place
 * after the first copy: a copy per value took 29 s for 26,000 `-e` options.
 */
export function collect(value: string, previous: string[]): string[] {
  if (collected.has(previous)) {
    previous.push(value);
    return previous;
  }
  const list = [...previous, value];
  collected.add(list);
  return list;
}

/** Errors shown (and read: parsing and checking stop there), as compilers' -fmax-errors. */
export const DEFAULT_MAX_ERRORS = 10;

/** `--max-errors <n>`: a positive integer; `maxErrors` in the parsed options. */
export function maxErrorsOption(): Option {
  return new Option('--max-errors <n>', 'stop after this many errors in the rules')
    .default(DEFAULT_MAX_ERRORS)
    .argParser((value: string) => {
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`Expected \`--max-errors\` to be a positive integer, got \`${value}\``);
      return n;
    });
}
