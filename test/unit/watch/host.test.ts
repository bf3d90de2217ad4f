// The host side of `sct watch` without root: capability check, addon load errors, event decoding
// and the default line.
import { describe, expect, it } from 'vitest';
import { canLoadBpf, decodeWatchEvents, defaultLine, effectiveCaps, loadWatchBinding, matchedSlots, toDecoded, WatchUnavailableError } from '../../../harness/src/watch/index.js';
import { WATCH_EVENT_SIZE } from '../../../harness/src/watch/contract.js';
import { chooseBackend } from '../../../harness/src/watch/index.js';
import { watchKmod } from '../../../harness/src/watch/kmod-backend.js';

describe('canLoadBpf', () => {
  it.each([
    ['root (all capabilities)', '000001ffffffffff', true],
    ['CAP_BPF + CAP_PERFMON', (3n << 38n).toString(16), true],
    ['CAP_BPF alone', (1n << 39n).toString(16), false],
    ['CAP_SYS_ADMIN', (1n << 21n).toString(16), true],
    ['nobody', '0000000000000000', false],
  ])('%s', (_n, capEff, ok) => {
    expect(canLoadBpf(effectiveCaps(`Name:\tnode\nCapEff:\t${capEff}\n`))).toBe(ok);
  });
});

describe('loadWatchBinding', () => {
  it('says to install libbpf when libbpf.so.1 is missing', () => {
    let err: unknown;
    try {
      loadWatchBinding(() => {
        throw new Error('libbpf.so.1: cannot open shared object file: No such file or directory');
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WatchUnavailableError);
    expect((err as WatchUnavailableError).code).toBe('SCT_WATCH_UNAVAILABLE');
    expect((err as Error).message).toContain('needs libbpf.so.1, which is not installed');
    expect((err as Error).message).toContain('apt install libbpf1');
  });
});

describe('chooseBackend', () => {
  it.each([
    ['auto', true, 'kmod'],
    ['auto', false, 'ebpf'],
    ['ebpf', true, 'ebpf'],
    ['kmod', true, 'kmod'],
  ] as const)('--backend %s with /dev/sct %s: %s', (backend, dev, want) => {
    expect(chooseBackend({ backend }, dev)).toBe(want);
  });
  it('--backend kmod without /dev/sct is an error that says what to do', () => {
    expect(() => chooseBackend({ backend: 'kmod' }, false)).toThrow(/no \/dev\/sct.*--backend ebpf/);
  });
  it('the kernel module refuses the eBPF-only options instead of ignoring them (before it opens /dev/sct)', async () => {
    const rules = { rules: [], files: [] } as never;
    const out = { write: () => undefined } as never;
    await expect(watchKmod({ backend: 'kmod', tracepoints: true, json: false, files: [], expressions: [], paths: [] } as never, out, rules)).rejects.toThrow(/--tracepoints: only the eBPF backend takes it/);
    await expect(watchKmod({ backend: 'auto', tracepoints: false, ringBytes: 65536, json: false, files: [], expressions: [], paths: [] } as never, out, rules)).rejects.toThrow(/--ring-size: only the eBPF backend takes it; the kernel module is in use \(--backend auto found it loaded; use --backend ebpf\)/);
  });
});

/** One struct sct_watch_event as watch.h lays it out. */
function rawEvent(f: { pid: number; ppid: number; comm: string; str?: string; ret: bigint; rules: bigint; nr: number }): Buffer {
  const b = Buffer.alloc(WATCH_EVENT_SIZE);
  b.writeBigInt64LE(f.ret, 8);
  b.writeBigUInt64LE(0xffffff9cn, 16); // AT_FDCWD as a 32-bit register value
  b.writeBigUInt64LE(f.rules, 64);
  b.writeUInt32LE(f.pid, 80);
  b.writeUInt32LE(f.pid, 84);
  b.writeUInt32LE(f.ppid, 88);
  b.writeUInt32LE(0, 92);
  b.writeUInt32LE(f.nr, 96);
  b.writeInt32LE(f.str ? f.str.length + 1 : 0, 100);
  b.writeUInt16LE(WATCH_EVENT_SIZE, 110); // size: no paths after it
  b.write(f.comm, 112);
  if (f.str) b.write(f.str, 128);
  return b;
}

describe('watch events', () => {
  it('decode to the default line that names the process', () => {
    const batch = Buffer.concat([rawEvent({ pid: 42, ppid: 41, comm: 'rm', str: '/tmp/victim', ret: 0n, rules: 1n, nr: 263 }), rawEvent({ pid: 43, ppid: 1, comm: 'rm', str: '/nope', ret: -2n, rules: 1n, nr: 263 })]);
    const evs = decodeWatchEvents(batch);
    expect(evs.map((e) => [e.pid, e.ppid, e.comm, e.str])).toEqual([
      [42, 41, 'rm', '/tmp/victim'],
      [43, 1, 'rm', '/nope'],
    ]);
    const rule = { syscalls: [{ kind: 'name' as const, name: 'unlinkat' }], phase: 'after' as const, action: { type: 'LOG' as const }, trigger: { scope: 'tree' as const } };
    const lines = evs.flatMap((e) => toDecoded(e, [{ rule: 0, syscalls: ['unlinkat'] }], [rule], 1)).map((d) => defaultLine(d, 1));
    expect(lines).toEqual(['unlinkat pid=42 ppid=41 uid=0 comm=rm path="/tmp/victim" = 0', 'unlinkat pid=43 ppid=1 uid=0 comm=rm path="/nope" = -1 ENOENT (No such file or directory)']);
  });

  it('slots of one rule give one event; two rules give two', () => {
    expect(matchedSlots(0b1011n)).toEqual([0, 1, 3]);
    const e = decodeWatchEvents(rawEvent({ pid: 1, ppid: 0, comm: 'x', ret: 0n, rules: 0b111n, nr: 110 }))[0]!;
    const r = { syscalls: [{ kind: 'name' as const, name: 'getppid' }], phase: 'after' as const, action: { type: 'LOG' as const }, trigger: { scope: 'tree' as const } };
    const d = toDecoded(e, [{ rule: 0, syscalls: [] }, { rule: 0, syscalls: [] }, { rule: 1, syscalls: [] }], [r, r], undefined);
    expect(d.map((x) => x.rule)).toEqual([1, 2]);
  });
});
