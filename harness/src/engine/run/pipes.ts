// Pipes for a target's piped stdout/stderr, and a file for its stdin. Node has no pipe(2), so a
// FIFO in a private temp dir gives the pair: the write end goes to the child (the supervisor
// dup2s it), the read end becomes a net.Socket, which reads a pipe fd without blocking the pool.
// The caller removes the directory as soon as every end is open (the fds outlive the names), so
// nothing of a run stays on disk, even when its process is SIGKILLed.
// The addon makes the FIFOs: a `mkfifo` child process each cost a few ms of the main thread.

import { chmodSync, closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNative } from '../native.js';
import type { RawBinding } from '../native-binding.js';

export interface Capture {
  /** The fd to hand to the child. */
  writeFd: number;
  /** Resolves with everything written once every writer closed (or after `settle` gives up). */
  text: Promise<string>;
  /** Close our copy of the write end (after launch). */
  closeWriter(): void;
  /** Stop waiting for writers that outlive the target (daemons holding the pipe). */
  abandon(): void;
}

/** A fresh dir under tmpdir, mode 0700 whatever the umask (0277 would leave the owner no write). */
function privateDir(): string {
  const path = mkdtempSync(join(tmpdir(), 'sct-run-'));
  chmodSync(path, 0o700);
  return path;
}

export class TempDir {
  // Loaded first: a missing addon then fails the run as NativeLoadError (as launch() would), before
  // anything is set up, not as a stdio error.
  private readonly native: RawBinding = loadNative();
  readonly path = privateDir();

  /** A FIFO `name` in this directory, mode 0600; its path. Throws an fs-style Error (code, path). */
  fifo(name: string): string {
    const path = join(this.path, name);
    this.native.mkfifo(path, 0o600);
    return path;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

export function capture(dir: TempDir, name: string, onData?: (chunk: Buffer) => void): Capture {
  const path = dir.fifo(name);
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writeFd = openSync(path, constants.O_WRONLY);
  const socket = new Socket({ fd: readFd, readable: true, writable: false });
  const chunks: Buffer[] = [];
  let writerOpen = true;
  const text = new Promise<string>((resolve) => {
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      onData?.(c);
    });
    const done = (): void => resolve(Buffer.concat(chunks).toString('utf8'));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
  });
  return {
    writeFd,
    text,
    closeWriter() {
      if (writerOpen) closeSync(writeFd);
      writerOpen = false;
    },
    abandon() {
      socket.destroy();
    },
  };
}

/** A file holding `input`, opened for reading, for the child's stdin. */
export function inputFile(dir: TempDir, input: string | Uint8Array): number {
  const path = join(dir.path, 'stdin');
  writeFileSync(path, input, { mode: 0o600 });
  return openSync(path, constants.O_RDONLY);
}
