// Where `sct run` and `sct trace` write what they report: stderr, or the `-o` file. Never the
// target's stdout, which the target keeps for itself. `sct watch` has no target: stdout.

import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';

export interface Sink {
  write(line: string): void;
  close(): void;
}

export function openSink(path: string | undefined, stream: NodeJS.WritableStream = process.stderr): Sink {
  if (path === undefined) {
    return { write: (line) => void stream.write(line + '\n'), close: () => {} };
  }
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new UsageError(`cannot open the \`-o\` file \`${path}\`: ${(error as NodeJS.ErrnoException).code ?? 'EIO'}`, { cause: error });
  }
  // Synchronous writes keep the log in call order even when the target is killed mid-run.
  return { write: (line) => void writeSync(fd, line + '\n'), close: () => closeSync(fd) };
}
