import { Option } from 'commander';

/** `--arch`: which syscall table rules are checked against (default: this machine's). */
export function archOption(): Option {
  return new Option('--arch <arch>', 'syscall table to check against (default: this machine)').choices(['x86_64', 'aarch64']);
}

/** Commander option parser for repeatable options: `-e a -e b` gives ['a', 'b']. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
