// Ring buffer records (native/watch/bpf/watch.h) -> WatchEvent (harness/src/watch/event.ts): the
// event, and after it, when it says so, exe and cwd with their lengths and truncation marks.
import { describe, expect, it } from 'vitest';
import { decodeWatchEvents } from '../../../harness/src/watch/event.js';
import { WATCH_EVENT_SIZE, WATCH_PATHS_SIZE, WatchProcPath } from '../../../harness/src/watch/contract.js';

interface Paths {
  bits: number;
  exe?: string;
  cwd?: string;
  exeTrunc?: boolean;
  cwdTrunc?: boolean;
}

/** One record as watch.bpf.c writes it: tid 7, pid 8, comm "rm", epoch 3, and the paths. */
function record(p?: Paths): Buffer {
  const exe = Buffer.from(p?.exe ?? '');
  const cwd = Buffer.from(p?.cwd ?? '');
  const tail = p ? WATCH_PATHS_SIZE + exe.length + cwd.length : 0;
  const size = (WATCH_EVENT_SIZE + tail + 7) & ~7;
  const b = Buffer.alloc(size);
  b.writeUInt32LE(7, 80);
  b.writeUInt32LE(8, 84);
  b.writeUInt32LE(3, 104);
  b.writeUInt8(p?.bits ?? 0, 109);
  b.writeUInt16LE(size, 110);
  b.write('rm', 112);
  if (p) {
    b.writeInt32LE(p.exe === undefined ? -1 : exe.length, WATCH_EVENT_SIZE);
    b.writeInt32LE(p.cwd === undefined ? -1 : cwd.length, WATCH_EVENT_SIZE + 4);
    b.writeUInt8(p.exeTrunc ? 1 : 0, WATCH_EVENT_SIZE + 8);
    b.writeUInt8(p.cwdTrunc ? 1 : 0, WATCH_EVENT_SIZE + 9);
    exe.copy(b, WATCH_EVENT_SIZE + WATCH_PATHS_SIZE);
    cwd.copy(b, WATCH_EVENT_SIZE + WATCH_PATHS_SIZE + exe.length);
  }
  return b;
}

const { EXE, CWD } = WatchProcPath;

describe('decodeWatchEvents', () => {
  it.each([
    ['no paths asked', undefined, {}],
    ['exe and cwd', { bits: EXE | CWD, exe: '/usr/bin/rm', cwd: '/tmp/d' }, { exe: '/usr/bin/rm', cwd: '/tmp/d' }],
    ['cwd only', { bits: CWD, cwd: '/' }, { cwd: '/' }],
    ['exe not read (a kernel thread): left out', { bits: EXE | CWD, cwd: '/x' }, { cwd: '/x' }],
    ['a truncated cwd: marked', { bits: EXE | CWD, exe: '/bin/x', cwd: '/c/d', cwdTrunc: true }, { exe: '/bin/x', cwd: '.../c/d' }],
  ])('%s', (_what, paths, expected) => {
    const [e] = decodeWatchEvents(record(paths));
    expect(e).toMatchObject({ tid: 7, pid: 8, epoch: 3, comm: 'rm' });
    expect({ ...(e!.exe !== undefined ? { exe: e!.exe } : {}), ...(e!.cwd !== undefined ? { cwd: e!.cwd } : {}) }).toEqual(expected);
  });

  it('walks a batch of records of different sizes', () => {
    const batch = Buffer.concat([record({ bits: EXE, exe: '/usr/bin/long-name' }), record(), record({ bits: CWD, cwd: '/w' })]);
    expect(decodeWatchEvents(batch).map((e) => e.exe ?? e.cwd ?? '-')).toEqual(['/usr/bin/long-name', '-', '/w']);
  });

  it('refuses a record whose size does not fit the batch', () => {
    const b = record();
    b.writeUInt16LE(WATCH_EVENT_SIZE + 8, 110);
    expect(() => decodeWatchEvents(b)).toThrow(/a ring buffer record of 392 bytes at 0 of a 384-byte batch/);
  });
});
