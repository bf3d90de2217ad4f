// sct crash without running anything: the tree model, recorded events turned into operations, and
// which operations each persistence model may lose (harness/src/crash, docs/crash.md).

import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DecodedEvent } from '../../../harness/src/engine/decode/index.js';
import { FsTree } from '../../../harness/src/crash/fs-model.js';
import { ModelSpace, tearPoints, type CrashPoint } from '../../../harness/src/crash/models.js';
import { CRASH_RECORD_RULE, opsFromEvents } from '../../../harness/src/crash/record.js';
import { describeOp } from '../../../harness/src/crash/ops.js';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'sct-crash-unit-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const text = (t: FsTree, p: string): string | undefined => {
  const f = t.file(p);
  return f ? Buffer.from(f.data).toString() : undefined;
};

let ino = 1000;
/** One recorded call, as the engine's after-phase event gives it. */
function ev(syscall: string, args: (number | bigint)[], retval: number, mem: Record<number, string | Uint8Array> = {}, cwd = work): DecodedEvent {
  return { type: 'rule', ruleName: CRASH_RECORD_RULE, syscall, time: 0n, pid: 7, tid: 7, phase: 'after', args: args.map(BigInt), retval: BigInt(retval), mem, proc: { cwd } };
}
const info = (pos: number, flags: number, inode: number): string => `pos:\t${pos}\nflags:\t0${flags.toString(8)}\nmnt_id:\t1\nino:\t${inode}\n`;
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));
/** arg_decode.cc read_iov's record of these buffers: u32 entries; per entry u64 base, u64 len, u32 bytes read, the bytes. */
function iov(...parts: string[]): Uint8Array {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(parts.length);
  return new Uint8Array(Buffer.concat([head, ...parts.flatMap((p) => {
    const e = Buffer.alloc(20);
    e.writeBigUInt64LE(0x1000n, 0);
    e.writeBigUInt64LE(BigInt(p.length), 8);
    e.writeUInt32LE(p.length, 16);
    return [e, Buffer.from(p)];
  })]));
}
const AT_FDCWD = -100;
const O_WRONLY = 0o1, O_CREAT = 0o100, O_TRUNC = 0o1000, O_APPEND = 0o2000, O_DSYNC = 0o10000;

/** The save that renames without fsync: create, write, rename, then "saved" on stdout. */
function unsyncedSave(fsync: { file: boolean; dir: boolean }): DecodedEvent[] {
  const k = ++ino;
  return [
    ev('openat', [AT_FDCWD, 0, O_WRONLY | O_CREAT | O_TRUNC], 3, { 0: work, 1: 'data.tmp', 6: `${work}/data.tmp`, 7: info(0, O_WRONLY, k) }),
    ev('write', [3, 0, 6], 6, { 0: `${work}/data.tmp`, 1: bytes('v2 new'), 7: info(6, O_WRONLY, k) }),
    ...(fsync.file ? [ev('fsync', [3], 0, { 0: `${work}/data.tmp`, 7: info(6, O_WRONLY, k) })] : []),
    ev('rename', [0, 0], 0, { 0: 'data.tmp', 1: 'data' }),
    ...(fsync.dir ? [ev('openat', [AT_FDCWD, 0, 0o200000], 4, { 0: work, 1: '.', 6: work, 7: info(0, 0o200000, 1) }), ev('fsync', [4], 0, { 0: work, 7: info(0, 0o200000, 1) })] : []),
    ev('write', [1, 0, 6], 6, { 0: 'pipe:[1]', 1: bytes('saved\n') }),
  ];
}

const initial = (): FsTree => {
  const t = new FsTree();
  t.entries.set('data', 1);
  t.inodes.set(1, { dir: false, data: bytes('v1') });
  return t;
};

const states = (space: ModelSpace, model: 'process' | 'lose-unsynced' | 'reorder'): { p: CrashPoint; data?: string; stdout: string }[] =>
  [...space.points(model)].map((p) => {
    const { tree, stdout } = space.build(p);
    return { p, data: text(tree, 'data'), stdout };
  });

describe('the tree model', () => {
  it('renames over a file, exchanges, links, truncates, zeroes and tears writes', () => {
    const t = initial();
    expect(t.applyDir({ kind: 'create', path: 'a', ino: 2, dirs: [0] })).toBe(true);
    t.applyData({ kind: 'write', ino: 2, path: 'a', offset: 0, data: bytes('hello world'), synced: false });
    t.applyData({ kind: 'write', ino: 2, path: 'a', offset: 14, data: bytes('!'), synced: false });
    expect(text(t, 'a')).toBe('hello world\0\0\0!');
    t.applyData({ kind: 'truncate', ino: 2, path: 'a', size: 5, synced: false });
    expect(text(t, 'a')).toBe('hello');
    t.applyData({ kind: 'zero', ino: 2, path: 'a', offset: 1, length: 2, extend: false, synced: false });
    expect(text(t, 'a')).toBe('h\0\0lo');
    t.applyData({ kind: 'write', ino: 1, path: 'data', offset: 2, data: bytes('XYZ'), synced: false }, 1);
    expect(text(t, 'data')).toBe('v1X');
    expect(t.applyDir({ kind: 'link', from: 'a', to: 'b', dirs: [0] })).toBe(true);
    expect(t.applyDir({ kind: 'rename', from: 'a', to: 'data', exchange: false, dirs: [0] })).toBe(true);
    expect([...t.entries.keys()].sort()).toEqual(['', 'b', 'data']);
    expect(text(t, 'data')).toBe('h\0\0lo');
    expect(t.applyDir({ kind: 'mkdir', path: 'd', ino: 3, dirs: [0] })).toBe(true);
    expect(t.applyDir({ kind: 'create', path: 'd/x', ino: 4, dirs: [3] })).toBe(true);
    expect(t.applyDir({ kind: 'rename', from: 'd', to: 'e', exchange: false, dirs: [0] })).toBe(true);
    expect(t.entries.has('e/x')).toBe(true);
    expect(t.applyDir({ kind: 'rename', from: 'b', to: 'e', exchange: true, dirs: [0] })).toBe(true);
    expect(t.entries.has('b/x') && t.file('e')?.dir === false).toBe(true);
    // A rename whose source this state lacks is not applied.
    expect(t.applyDir({ kind: 'rename', from: 'gone', to: 'data', exchange: false, dirs: [0] })).toBe(false);
  });

  it('gives equal trees equal hashes, and a saved tree back as it was', () => {
    const a = initial(), b = initial();
    expect(a.hash()).toBe(b.hash());
    b.applyData({ kind: 'write', ino: 1, path: 'data', offset: 0, data: bytes('v2'), synced: false });
    expect(a.hash()).not.toBe(b.hash());
    expect(FsTree.fromJSON(b.toJSON()).hash()).toBe(b.hash());
  });

  it('tears a write only at 4 KiB boundaries of the file, at most three ways', () => {
    const w = (offset: number, len: number) => ({ kind: 'write' as const, ino: 1, path: 'f', offset, data: new Uint8Array(len), synced: false, src: { call: 0, pid: 1, syscall: 'write' } });
    expect(tearPoints(w(0, 4096))).toEqual([]);
    expect(tearPoints(w(100, 4096))).toEqual([3996]);
    expect(tearPoints(w(0, 8 * 4096))).toEqual([4096, 4 * 4096, 7 * 4096]);
  });
});

describe('recorded events to operations', () => {
  it('takes offsets from fdinfo, O_APPEND and pwrite, O_DSYNC as synced, and stdout as output', () => {
    const k = ++ino;
    const rec = opsFromEvents({
      workDir: work, initial: initial(),
      events: [
        ev('open', [0, O_WRONLY | O_APPEND | O_CREAT], 3, { 0: 'log', 6: `${work}/log`, 7: info(0, O_WRONLY | O_APPEND, k) }),
        ev('write', [3, 0, 4], 4, { 0: `${work}/log`, 1: bytes('one\n'), 7: info(4, O_WRONLY | O_APPEND, k) }),
        ev('pwrite64', [3, 0, 3, 1], 3, { 0: `${work}/log`, 1: bytes('XYZ'), 7: info(4, O_WRONLY | O_APPEND, k) }),
        ev('write', [3, 0, 4], 2, { 0: `${work}/log`, 1: bytes('twoo'), 7: info(6, O_WRONLY | O_APPEND | O_DSYNC, k) }),
        ev('writev', [3, 0, 2], 3, { 0: `${work}/log`, 1: iov('AB', 'CD'), 7: info(9, O_WRONLY | O_APPEND, k) }),
        ev('write', [1, 0, 3], 3, { 0: '/tmp/sct-run-x/stdout (deleted)', 1: bytes('ok\n') }),
        ev('unlink', [0], 0, { 0: '/elsewhere/file' }),
        ev('mmap', [0, 4096, 3, 1, 3, 0], 0x7f0000, { 4: `${work}/log` }),
        ev('write', [3, 0, 4], -28, { 0: `${work}/log`, 1: bytes('fail') }),
      ],
    });
    expect(rec.ops.map(describeOp)).toEqual([
      'create(log)', 'write(log, 4 bytes at 0)', 'write(log, 3 bytes at 1)', 'write(log, 2 bytes at 4, O_SYNC)', 'write(log, 3 bytes at 6)', 'stdout "ok\\n"',
    ]);
    expect(rec.unmodelled).toEqual([expect.stringContaining('mmap(log, PROT_WRITE, MAP_SHARED)')]);
    const { tree } = new ModelSpace(rec, 2).build({ model: 'process', cut: rec.ops.length, lost: [] });
    // writev returned 3 of its 4 bytes: the first 3, in order.
    expect(text(tree, 'log')).toBe('oXYZtwABC');
  });

  it('resolves relative paths against the dirfd or the cwd, and leaves out paths outside `paths`', () => {
    const rec = opsFromEvents({
      workDir: work, initial: initial(), paths: ['sub'],
      events: [
        ev('mkdir', [0], 0, { 0: 'sub' }),
        ev('mkdirat', [AT_FDCWD, 0], 0, { 0: work, 1: 'other' }),
        ev('openat', [5, 0, O_WRONLY | O_CREAT], 3, { 0: `${work}/sub`, 1: 'f', 6: `${work}/sub/f`, 7: info(0, O_WRONLY, ++ino) }),
        ev('unlink', [0], 0, { 0: 'f' }, `${work}/sub`),
      ],
    });
    expect(rec.ops.map(describeOp)).toEqual(['mkdir(sub)', 'create(sub/f)', 'unlink(sub/f)']);
  });

  it('keeps the fsync of a directory above the modelled paths: it is what makes their entries durable', () => {
    const rec = opsFromEvents({
      workDir: work, initial: initial(), paths: ['d/log'],
      events: [
        ev('mkdir', [0], 0, { 0: 'd' }),
        ev('openat', [AT_FDCWD, 0, O_WRONLY | O_CREAT], 3, { 0: work, 1: 'd/log', 6: `${work}/d/log`, 7: info(0, O_WRONLY, ++ino) }),
        ev('openat', [AT_FDCWD, 0, 0], 4, { 0: work, 1: 'd', 6: `${work}/d`, 7: info(0, 0o200000, ++ino) }),
        ev('fsync', [4], 0, { 0: `${work}/d`, 7: info(0, 0o200000, ino) }),
        ev('openat', [AT_FDCWD, 0, O_WRONLY | O_CREAT], 5, { 0: work, 1: 'other', 6: `${work}/other`, 7: info(0, O_WRONLY, ++ino) }),
      ],
    });
    expect(rec.ops.map(describeOp)).toEqual(['mkdir(d)', 'create(d/log)', 'fsync(d)']);
    const space = new ModelSpace(rec, 2);
    expect(space.single('lose-unsynced', 3).lost).toEqual([{ op: 0 }]);
  });

  it('refuses a write whose bytes it could not read, rather than model something else', () => {
    const k = ++ino;
    expect(() => opsFromEvents({
      workDir: work, initial: initial(),
      events: [
        ev('openat', [AT_FDCWD, 0, O_WRONLY | O_CREAT], 3, { 0: work, 1: 'f', 6: `${work}/f`, 7: info(0, O_WRONLY, k) }),
        ev('write', [3, 0, 10], 10, { 0: `${work}/f`, 1: bytes('short'), 7: info(10, O_WRONLY, k) }),
      ],
    })).toThrow(/wrote 10 bytes, 5 could be read/);
  });
});

describe('the persistence models', () => {
  it('process: every prefix, nothing lost', () => {
    const space = new ModelSpace(opsFromEvents({ events: unsyncedSave({ file: false, dir: false }), workDir: work, initial: initial() }), 2);
    expect(states(space, 'process').map((s) => s.data)).toEqual(['v1', 'v1', 'v1', 'v2 new', 'v2 new']);
  });

  it('lose-unsynced: without fsyncs the rename is lost even after "saved"; with both fsyncs the new data stays', () => {
    const none = new ModelSpace(opsFromEvents({ events: unsyncedSave({ file: false, dir: false }), workDir: work, initial: initial() }), 2);
    expect(states(none, 'lose-unsynced').at(-1)).toMatchObject({ data: 'v1', stdout: 'saved\n' });
    const fileOnly = new ModelSpace(opsFromEvents({ events: unsyncedSave({ file: true, dir: false }), workDir: work, initial: initial() }), 2);
    expect(states(fileOnly, 'lose-unsynced').at(-1)).toMatchObject({ data: 'v1', stdout: 'saved\n' });
    const both = new ModelSpace(opsFromEvents({ events: unsyncedSave({ file: true, dir: true }), workDir: work, initial: initial() }), 2);
    expect(states(both, 'lose-unsynced').at(-1)).toMatchObject({ data: 'v2 new', stdout: 'saved\n' });
    expect(states(both, 'lose-unsynced').every((s) => s.data === 'v1' || s.data === 'v2 new')).toBe(true);
  });

  it('reorder: the rename can reach the disk without the unsynced data (an empty file), not when the file was fsynced', () => {
    const none = new ModelSpace(opsFromEvents({ events: unsyncedSave({ file: false, dir: false }), workDir: work, initial: initial() }), 2);
    const found = states(none, 'reorder').find((s) => s.data === '');
    expect(found?.p).toMatchObject({ cut: 3, lost: [{ op: 1 }] });
    expect(none.explain(found!.p)).toEqual({ persisted: ['#3 rename(data.tmp -> data) persisted'], lost: ['#2 write(data.tmp, 6 bytes at 0) never synced: lost'] });
    const fileOnly = new ModelSpace(opsFromEvents({ events: unsyncedSave({ file: true, dir: false }), workDir: work, initial: initial() }), 2);
    expect(new Set(states(fileOnly, 'reorder').map((s) => s.data))).toEqual(new Set(['v1', 'v2 new']));
  });

  it('reorder: counts the points it lists, and never loses more than --max-lost', () => {
    const events: DecodedEvent[] = [];
    const k = ++ino;
    events.push(ev('openat', [AT_FDCWD, 0, O_WRONLY | O_CREAT | O_APPEND], 3, { 0: work, 1: 'log', 6: `${work}/log`, 7: info(0, O_WRONLY, k) }));
    for (let i = 1; i <= 6; i++) events.push(ev('write', [3, 0, 5000], 5000, { 0: `${work}/log`, 1: new Uint8Array(5000).fill(48 + i), 7: info(5000 * i, O_WRONLY, k) }));
    const rec = opsFromEvents({ events, workDir: work, initial: initial() });
    for (const maxLost of [0, 1, 2, 3]) {
      const space = new ModelSpace(rec, maxLost);
      const points = [...space.points('reorder')];
      expect(points.length).toBe(space.count('reorder'));
      expect(Math.max(...points.map((p) => p.lost.length))).toBe(maxLost);
    }
  });
});
