// The operations `sct crash` models: what the recorded run did to the files of its work directory,
// in the order the calls returned (docs/crash.md). Paths are relative to the work directory ('' is
// the directory itself); `ino` is the model's own inode number (fs-model.ts), not the kernel's.

/** Where an operation came from: its place among the recorded calls, and the call as made. */
export interface OpSource {
  /** 0-based index among the run's recorded calls (all processes together). */
  call: number;
  pid: number;
  syscall: string;
}

/** Changes a directory: reaches the disk with the directory's metadata (an fsync of `dirs`, or a journal commit). */
export type DirOp =
  | { kind: 'create'; path: string; ino: number; dirs: number[] }
  | { kind: 'mkdir'; path: string; ino: number; dirs: number[] }
  | { kind: 'unlink'; path: string; dirs: number[] }
  | { kind: 'rmdir'; path: string; dirs: number[] }
  | { kind: 'rename'; from: string; to: string; exchange: boolean; dirs: number[] }
  | { kind: 'link'; from: string; to: string; dirs: number[] };

/** Changes a file's contents or size: reaches the disk with an fsync/fdatasync of the file (or O_SYNC/O_DSYNC). */
export type DataOp =
  | { kind: 'write'; ino: number; path: string; offset: number; data: Uint8Array; synced: boolean }
  | { kind: 'truncate'; ino: number; path: string; size: number; synced: boolean }
  /** fallocate's zeroing forms (punch hole, zero range) and mode 0 growing the file. */
  | { kind: 'zero'; ino: number; path: string; offset: number; length: number; extend: boolean; synced: boolean };

export type SyncOp =
  /** fsync or fdatasync of one file or directory. */
  | { kind: 'fsync'; ino: number; path: string; dataOnly: boolean }
  /** sync, syncfs: everything so far. */
  | { kind: 'sync-all' }
  /** sync_file_range: flushes pages, but is no durability guarantee (no metadata, no disk cache flush). */
  | { kind: 'sync-range'; ino: number; path: string };

/** What the target printed on its stdout: its acknowledgements, which checks compare the state with. */
export type OutputOp = { kind: 'output'; text: string };

export type Op = (DirOp | DataOp | SyncOp | OutputOp) & { src: OpSource };

export const isDirOp = (op: Op): op is DirOp & { src: OpSource } =>
  op.kind === 'create' || op.kind === 'mkdir' || op.kind === 'unlink' || op.kind === 'rmdir' || op.kind === 'rename' || op.kind === 'link';
export const isDataOp = (op: Op): op is DataOp & { src: OpSource } => op.kind === 'write' || op.kind === 'truncate' || op.kind === 'zero';

const quote = (s: string): string => (s === '' ? '.' : s);

/** The operation in words, as a report names it: `write(data.tmp, 36 bytes at 0)`. */
export function describeOp(op: Op): string {
  switch (op.kind) {
    case 'create': return `create(${quote(op.path)})`;
    case 'mkdir': return `mkdir(${quote(op.path)})`;
    case 'unlink': return `unlink(${quote(op.path)})`;
    case 'rmdir': return `rmdir(${quote(op.path)})`;
    case 'rename': return `rename${op.exchange ? '(exchange' : '('}${quote(op.from)} -> ${quote(op.to)})`;
    case 'link': return `link(${quote(op.from)} -> ${quote(op.to)})`;
    case 'write': return `write(${quote(op.path)}, ${op.data.length} bytes at ${op.offset}${op.synced ? ', O_SYNC' : ''})`;
    case 'truncate': return `truncate(${quote(op.path)}, ${op.size})`;
    case 'zero': return `fallocate(${quote(op.path)}, ${op.extend ? 'grow' : 'zero'} ${op.length} bytes at ${op.offset})`;
    case 'fsync': return `${op.dataOnly ? 'fdatasync' : 'fsync'}(${quote(op.path)})`;
    case 'sync-all': return 'sync()';
    case 'sync-range': return `sync_file_range(${quote(op.path)})`;
    case 'output': return `stdout ${JSON.stringify(op.text.length > 60 ? `${op.text.slice(0, 57)}...` : op.text)}`;
  }
}
