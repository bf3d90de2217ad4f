// Step 1 of `sct crash`: run the scenario once with a recording rule on every call that changes
// files (after the call, with whole buffers and each fd's position, flags and inode), and turn the
// events into operations on the work directory's tree (ops.ts).

import { realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { DecodedEvent } from '../engine/decode/index.js';
import { iovecEntries } from '../engine/decode/structs.js';
import type { Rule } from '../rules/model.js';
import { rule } from '../rules/builder/index.js';
import { getTable, hostArch } from '../tables/index.js';
import { FsTree, parentOf } from './fs-model.js';
import { isDataOp, isDirOp, type DataOp, type DirOp, type Op, type OpSource, type OutputOp, type SyncOp } from './ops.js';

export const CRASH_RECORD_RULE = 'sct-crash-record';

/** A write larger than this is refused (it would be held in memory whole). */
export const MAX_WRITE_BYTES = 64 << 20;

const CALLS = [
  'open', 'openat', 'openat2', 'creat',
  'write', 'pwrite64', 'writev', 'pwritev', 'pwritev2',
  'truncate', 'ftruncate', 'fallocate',
  'fsync', 'fdatasync', 'sync_file_range', 'syncfs', 'sync',
  'rename', 'renameat', 'renameat2', 'link', 'linkat', 'unlink', 'unlinkat', 'mkdir', 'mkdirat', 'rmdir',
  // Not modelled, but detected when they touch the modelled paths (reported, never ignored):
  'mmap', 'symlink', 'symlinkat', 'mknod', 'mknodat', 'copy_file_range', 'sendfile', 'splice',
];

/** The rule that records; `%cwd` makes each event carry the caller's cwd (for relative paths). */
export function crashRecordRule(): Rule {
  const names = new Set(getTable(hostArch()).syscalls.map((s) => s.name));
  const built = rule.after(...CALLS.filter((c) => names.has(c))).log('%cwd').named(CRASH_RECORD_RULE).build();
  return { ...built, action: { type: 'LOG', format: '%cwd', fdPaths: true, capture: { bufMax: MAX_WRITE_BYTES, fdInfo: true } } };
}

const O_WRONLY = 0o1, O_RDWR = 0o2, O_CREAT = 0o100, O_TRUNC = 0o1000, O_DSYNC = 0o10000, O_TMPFILE = 0o20000000 | 0o200000;
const AT_REMOVEDIR = 0x200, RENAME_EXCHANGE = 2, RENAME_WHITEOUT = 4;
const PROT_WRITE = 2, MAP_SHARED = 1, MAP_SHARED_VALIDATE = 3;
const FALLOC_KEEP_SIZE = 1, FALLOC_PUNCH_HOLE = 2, FALLOC_ZERO_RANGE = 0x10;

interface FdInfo {
  pos: number;
  flags: number;
  ino?: string;
}

function fdInfo(text: string | Uint8Array | undefined): FdInfo | undefined {
  if (typeof text !== 'string') return undefined;
  const field = (k: string): string | undefined => new RegExp(`^${k}:\\s*(\\S+)`, 'm').exec(text)?.[1];
  const pos = field('pos'), flags = field('flags');
  if (pos === undefined || flags === undefined) return undefined;
  const ino = field('ino');
  return { pos: Number(pos), flags: parseInt(flags, 8), ...(ino !== undefined ? { ino } : {}) };
}

/** The bytes a writev-family call wrote: its iovec record's data in order, up to `max`. */
function iovBytes(mem: Uint8Array, max: number): Uint8Array {
  return Buffer.concat(iovecEntries(mem).map((e) => e.data)).subarray(0, max);
}

export interface Recording {
  ops: Op[];
  /** Calls on the modelled paths that `sct crash` cannot model (a shared writable mmap, a symlink), in words. */
  unmodelled: string[];
  /** How many recorded calls there were, and the tree the run started from. */
  calls: number;
  initial: FsTree;
}

export interface RecordInput {
  events: readonly DecodedEvent[];
  workDir: string;
  initial: FsTree;
  /** Paths (relative to the work directory) whose changes are modelled; undefined: all of it. */
  paths?: readonly string[];
  /** What the run printed on stdout: tells its stdout apart from an fd 1 redirected (`>/dev/null`). */
  stdout?: string;
}

/**
 * The path fd 1 has when it is the run's stdout: of the paths fd-1 writes went to, the one whose
 * writes, in order, are exactly what the run printed (else the one with the most bytes, not /dev/null).
 */
function stdoutPath(events: readonly DecodedEvent[], printed: string | undefined): string | undefined {
  const byPath = new Map<string, string>();
  for (const e of events) {
    if (e.type !== 'rule' || e.ruleName !== CRASH_RECORD_RULE || e.syscall !== 'write' || e.args?.[0] !== 1n || (e.retval ?? -1n) <= 0n) continue;
    const path = e.mem?.[0], data = e.mem?.[1];
    if (typeof path !== 'string' || !(data instanceof Uint8Array)) continue;
    byPath.set(path, (byPath.get(path) ?? '') + Buffer.from(data.subarray(0, Number(e.retval))).toString('utf8'));
  }
  const exact = [...byPath].find(([, text]) => text === printed);
  if (exact) return exact[0];
  return [...byPath].filter(([p]) => p !== '/dev/null').sort(([, a], [, b]) => b.length - a.length)[0]?.[0];
}

/** The same finding at several calls, said once: `mmap(db-shm, ...) (calls 76, 146): ...`. */
function merged(lines: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  for (const l of lines) {
    const m = / \(call (\d+)\)/.exec(l);
    const key = m ? l.replace(m[0], '\0') : l;
    groups.set(key, [...(groups.get(key) ?? []), ...(m ? [m[1]!] : [])]);
  }
  return [...groups].map(([key, calls]) => key.replace('\0', calls.length ? ` (call${calls.length > 1 ? 's' : ''} ${calls.join(', ')})` : ''));
}

/** Turns the recording run's events into operations on the work directory, in order. */
export function opsFromEvents(input: RecordInput): Recording {
  const root = realpathSync(input.workDir);
  const tree = input.initial.clone();
  let nextIno = tree.maxIno() + 1;
  const byKernelIno = new Map<string, number>();
  const ops: Op[] = [];
  const unmodelled: string[] = [];
  let calls = 0;
  const stdout = stdoutPath(input.events, input.stdout);
  // A modelled path, something under one, or a directory above one (its fsync makes the entries durable).
  const inScope = (rel: string): boolean =>
    input.paths === undefined || input.paths.some((p) => p === '.' || rel === p || rel.startsWith(`${p}/`) || p.startsWith(`${rel}/`));
  /** A path relative to the work directory, or undefined when it is outside it (or out of scope). */
  const rel = (abs: string | undefined): string | undefined => {
    if (abs === undefined) return undefined;
    const r = relative(root, abs.replace(/ \(deleted\)$/, ''));
    if (r === '') return '';
    if (r.startsWith('..') || r.startsWith('/')) return undefined;
    return inScope(r) ? r : undefined;
  };
  const text = (e: DecodedEvent, i: number): string | undefined => {
    const m = e.mem?.[i];
    return typeof m === 'string' ? m : undefined;
  };
  /** The path argument at `p`, resolved against the dirfd argument at `d` (or the caller's cwd). */
  const pathArg = (e: DecodedEvent, p: number, d?: number): string | undefined => {
    const path = text(e, p);
    if (path === undefined) return undefined;
    const base = d !== undefined ? text(e, d) : e.proc?.cwd;
    if (path.startsWith('/')) return rel(resolve(path));
    return base === undefined ? undefined : rel(resolve(base, path));
  };
  /** The model inode of an fd: by the kernel's inode number when fdinfo gave it, else by its path. */
  const inoOf = (info: FdInfo | undefined, path: string | undefined): number | undefined => {
    const known = info?.ino !== undefined ? byKernelIno.get(info.ino) : undefined;
    if (known !== undefined) return known;
    const found = path !== undefined ? tree.entries.get(path) : undefined;
    if (found !== undefined && info?.ino !== undefined) byKernelIno.set(info.ino, found);
    return found;
  };
  const dirIno = (path: string): number => tree.entries.get(parentOf(path)) ?? 0;
  const push = (op: DirOp | DataOp | SyncOp | OutputOp, src: OpSource): void => {
    const full = { ...op, src } as Op;
    if (isDirOp(full)) tree.applyDir(full);
    else if (isDataOp(full)) tree.applyData(full);
    ops.push(full);
  };

  for (const e of input.events) {
    if (e.type !== 'rule' || e.ruleName !== CRASH_RECORD_RULE || e.syscall === undefined) continue;
    const src: OpSource = { call: calls++, pid: e.pid, syscall: e.syscall };
    const ret = e.retval ?? -1n;
    if (ret < 0n) continue;
    const a = (i: number): bigint => e.args?.[i] ?? 0n;
    const num = (i: number): number => Number(BigInt.asIntN(64, a(i)));
    const info = fdInfo(e.mem?.[7]);
    const fdPath = (i: number): string | undefined => rel(text(e, i));
    const sc = e.syscall;
    switch (sc) {
      case 'open': case 'openat': case 'openat2': case 'creat': {
        const [p, d] = sc === 'open' || sc === 'creat' ? [0, undefined] : [1, 0];
        let flags = sc === 'creat' ? O_CREAT | O_WRONLY | O_TRUNC : num(sc === 'open' ? 1 : 2);
        if (sc === 'openat2') {
          const how = e.mem?.[2];
          flags = how instanceof Uint8Array && how.length >= 8 ? Number(new DataView(how.buffer, how.byteOffset).getBigUint64(0, true) & 0xffffffffn) : 0;
        }
        const path = rel(text(e, 6)) ?? pathArg(e, p, d);
        if (path === undefined) break;
        if ((flags & O_TMPFILE) === O_TMPFILE) {
          unmodelled.push(`${sc}(${path || '.'}, O_TMPFILE) (call ${src.call}): an unnamed temporary file is not modelled`);
          break;
        }
        let ino = tree.entries.get(path);
        if (ino === undefined && flags & O_CREAT) {
          ino = nextIno++;
          push({ kind: 'create', path, ino, dirs: [dirIno(path)] }, src);
        }
        if (ino !== undefined && info?.ino !== undefined) byKernelIno.set(info.ino, ino);
        if (ino !== undefined && flags & O_TRUNC && flags & (O_WRONLY | O_RDWR) && (tree.inodes.get(ino)?.data.length ?? 0) > 0) {
          push({ kind: 'truncate', ino, path, size: 0, synced: false }, src);
        }
        break;
      }
      case 'write': case 'pwrite64': case 'writev': case 'pwritev': case 'pwritev2': {
        const path = fdPath(0);
        const n = Number(ret);
        // Its stdout (a pipe, a file outside the work directory): what it acknowledged, and when.
        if (num(0) === 1 && path === undefined && text(e, 0) === stdout && (sc === 'write' || sc === 'writev')) {
          const mem = e.mem?.[1];
          const bytes = mem instanceof Uint8Array ? (sc === 'write' ? mem.subarray(0, n) : iovBytes(mem, n)) : new Uint8Array(0);
          push({ kind: 'output', text: Buffer.from(bytes).toString('utf8') }, src);
          break;
        }
        if (path === undefined || n === 0) break;
        const ino = inoOf(info, path);
        if (ino === undefined) throw new Error(`${sc} on ${path} (call ${src.call}): the file was never seen being opened`);
        const mem = e.mem?.[1];
        const data = mem instanceof Uint8Array ? (sc.endsWith('v') || sc === 'pwritev2' ? iovBytes(mem, n) : mem.subarray(0, n)) : undefined;
        if (data === undefined || data.length !== n) {
          throw new Error(`${sc} on ${path} (call ${src.call}): wrote ${n} bytes, ${data?.length ?? 0} could be read from the target${n > MAX_WRITE_BYTES ? ` (more than ${MAX_WRITE_BYTES} bytes are not recorded)` : ''}`);
        }
        const explicit = sc === 'pwrite64' || sc === 'pwritev' || (sc === 'pwritev2' && num(3) !== -1);
        if (!explicit && info === undefined) throw new Error(`${sc} on ${path} (call ${src.call}): its file position could not be read`);
        const offset = explicit ? num(3) : info!.pos - n;
        push({ kind: 'write', ino, path, offset, data: new Uint8Array(data), synced: ((info?.flags ?? 0) & O_DSYNC) !== 0 }, src);
        break;
      }
      case 'truncate': case 'ftruncate': {
        const path = sc === 'truncate' ? pathArg(e, 0) : fdPath(0);
        if (path === undefined) break;
        const ino = sc === 'truncate' ? tree.entries.get(path) : inoOf(info, path);
        if (ino !== undefined) push({ kind: 'truncate', ino, path, size: num(1), synced: false }, src);
        break;
      }
      case 'fallocate': {
        const path = fdPath(0);
        const ino = path !== undefined ? inoOf(info, path) : undefined;
        if (path === undefined || ino === undefined) break;
        const mode = num(1), offset = num(2), length = num(3);
        if (mode === 0 || mode === FALLOC_ZERO_RANGE) push({ kind: 'zero', ino, path, offset, length, extend: true, synced: false }, src);
        else if (mode === (FALLOC_ZERO_RANGE | FALLOC_KEEP_SIZE) || mode === (FALLOC_PUNCH_HOLE | FALLOC_KEEP_SIZE)) push({ kind: 'zero', ino, path, offset, length, extend: false, synced: false }, src);
        else if (mode !== FALLOC_KEEP_SIZE) unmodelled.push(`fallocate(${path}, mode 0x${mode.toString(16)}) (call ${src.call}): this mode is not modelled`);
        break;
      }
      case 'fsync': case 'fdatasync': case 'sync_file_range': {
        const path = fdPath(0);
        const ino = path !== undefined ? inoOf(info, path) : undefined;
        if (path === undefined || ino === undefined) break;
        push(sc === 'sync_file_range' ? { kind: 'sync-range', ino, path } : { kind: 'fsync', ino, path, dataOnly: sc === 'fdatasync' }, src);
        break;
      }
      case 'sync': case 'syncfs':
        push({ kind: 'sync-all' }, src);
        break;
      case 'rename': case 'renameat': case 'renameat2': {
        const [from, to] = sc === 'rename' ? [pathArg(e, 0), pathArg(e, 1)] : [pathArg(e, 1, 0), pathArg(e, 3, 2)];
        const flags = sc === 'renameat2' ? num(4) : 0;
        if (from === undefined && to === undefined) break;
        if (from === undefined || to === undefined) {
          unmodelled.push(`${sc} (call ${src.call}) moves ${from ?? to} ${from === undefined ? 'in from' : 'out to'} a path that is not modelled`);
          break;
        }
        if (flags & RENAME_WHITEOUT) unmodelled.push(`${sc}(${from}, ${to}, RENAME_WHITEOUT) (call ${src.call}) is not modelled`);
        push({ kind: 'rename', from, to, exchange: (flags & RENAME_EXCHANGE) !== 0, dirs: [...new Set([dirIno(from), dirIno(to)])] }, src);
        break;
      }
      case 'link': case 'linkat': {
        const [from, to] = sc === 'link' ? [pathArg(e, 0), pathArg(e, 1)] : [pathArg(e, 1, 0), pathArg(e, 3, 2)];
        if (to === undefined) break;
        if (from === undefined) {
          unmodelled.push(`${sc} (call ${src.call}) links ${to} to a file outside the modelled paths`);
          break;
        }
        push({ kind: 'link', from, to, dirs: [dirIno(to)] }, src);
        break;
      }
      case 'unlink': case 'unlinkat': case 'rmdir': {
        const path = sc === 'unlinkat' ? pathArg(e, 1, 0) : pathArg(e, 0);
        if (path === undefined) break;
        const dir = sc === 'rmdir' || (sc === 'unlinkat' && num(2) & AT_REMOVEDIR);
        push(dir ? { kind: 'rmdir', path, dirs: [dirIno(path)] } : { kind: 'unlink', path, dirs: [dirIno(path)] }, src);
        break;
      }
      case 'mkdir': case 'mkdirat': {
        const path = sc === 'mkdir' ? pathArg(e, 0) : pathArg(e, 1, 0);
        if (path !== undefined) push({ kind: 'mkdir', path, ino: nextIno++, dirs: [dirIno(path)] }, src);
        break;
      }
      case 'mmap': {
        const path = fdPath(4);
        const prot = num(2), flags = num(3);
        if (path !== undefined && num(4) >= 0 && prot & PROT_WRITE && (flags & 3) !== 0 && ((flags & 3) === MAP_SHARED || (flags & 3) === MAP_SHARED_VALIDATE)) {
          unmodelled.push(`mmap(${path}, PROT_WRITE, MAP_SHARED) (call ${src.call}): writes through a shared mapping are not modelled, the states lack them`);
        }
        break;
      }
      case 'symlink': case 'symlinkat': case 'mknod': case 'mknodat': {
        const path = sc === 'symlink' ? pathArg(e, 1) : sc === 'symlinkat' ? pathArg(e, 2, 1) : sc === 'mknod' ? pathArg(e, 0) : pathArg(e, 1, 0);
        if (path !== undefined) unmodelled.push(`${sc}(${path}) (call ${src.call}) is not modelled`);
        break;
      }
      case 'copy_file_range': case 'sendfile': case 'splice': {
        const out = fdPath(sc === 'copy_file_range' ? 2 : sc === 'sendfile' ? 0 : 2);
        if (out !== undefined) unmodelled.push(`${sc} into ${out} (call ${src.call}): data copied in the kernel is not modelled`);
        break;
      }
    }
  }
  return { ops, unmodelled: merged(unmodelled), calls, initial: input.initial };
}
