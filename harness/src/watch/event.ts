// struct sct_watch_event (native/watch/bpf/watch.h; the addon asserts its size, 384 bytes) read
// from the raw batches the addon hands over, then made into the engine's DecodedEvent so that
// LOG formats and `--json` are those of `sct run` (engine/decode).

import { syscallByNr } from '../tables/index.js';
import type { DecodedEvent } from '../engine/decode/index.js';
import type { Rule } from '../rules/model.js';
import type { WatchSlot } from './compile.js';
import { WATCH_EVENT_SIZE, WATCH_PATH_LIMIT } from './contract.js';

const COMM = 112;
const STR = 128;

export interface WatchEvent {
  cgroupId: bigint;
  ret: bigint;
  args: bigint[];
  /** Bitmask of the BPF rules (slots) of generation `gen` that matched. */
  rules: bigint;
  ktimeNs: bigint;
  tid: number;
  pid: number;
  ppid: number;
  uid: number;
  nr: number;
  /** Bytes read with the NUL; negative: the read failed with that errno; 0: none. */
  strLen: number;
  gen: number;
  atEnter: boolean;
  comm: string;
  str?: string;
}

function cString(b: Buffer, start: number, max: number): string {
  const end = b.indexOf(0, start);
  return b.toString('utf8', start, end < 0 || end > start + max ? start + max : end);
}

export function decodeWatchEvents(batch: Buffer): WatchEvent[] {
  const out: WatchEvent[] = [];
  for (let o = 0; o + WATCH_EVENT_SIZE <= batch.length; o += WATCH_EVENT_SIZE) {
    const strLen = batch.readInt32LE(o + 100);
    out.push({
      cgroupId: batch.readBigUInt64LE(o),
      ret: batch.readBigInt64LE(o + 8),
      args: Array.from({ length: 6 }, (_, i) => batch.readBigUInt64LE(o + 16 + 8 * i)),
      rules: batch.readBigUInt64LE(o + 64),
      ktimeNs: batch.readBigUInt64LE(o + 72),
      tid: batch.readUInt32LE(o + 80),
      pid: batch.readUInt32LE(o + 84),
      ppid: batch.readUInt32LE(o + 88),
      uid: batch.readUInt32LE(o + 92),
      nr: batch.readUInt32LE(o + 96),
      strLen,
      gen: batch.readUInt8(o + 104),
      atEnter: batch.readUInt8(o + 105) !== 0,
      comm: cString(batch, o + COMM, 16),
      ...(strLen > 0 ? { str: cString(batch, o + STR, WATCH_PATH_LIMIT) } : {}),
    });
  }
  return out;
}

/** The slots (BPF rule indexes) set in an event's bitmask. */
export function matchedSlots(mask: bigint): number[] {
  const out: number[] = [];
  for (let i = 0; mask >> BigInt(i) !== 0n; i++) if ((mask >> BigInt(i)) & 1n) out.push(i);
  return out;
}

/** One DecodedEvent per input rule the event matched (several slots of one rule count once). */
export function toDecoded(e: WatchEvent, slots: readonly WatchSlot[], rules: readonly Rule[], strArg: number | undefined): DecodedEvent[] {
  const entry = syscallByNr(e.nr, 'x86_64');
  const ruleIdx = [...new Set(matchedSlots(e.rules).map((s) => slots[s]?.rule).filter((r) => r !== undefined))];
  return ruleIdx.map((r) => {
    const rule = rules[r]!;
    const d: DecodedEvent = {
      type: 'rule',
      time: e.ktimeNs,
      pid: e.pid,
      tid: e.tid,
      rule: r + 1,
      action: rule.action.type,
      syscall: entry?.name ?? `syscall_${e.nr}`,
      nr: e.nr,
      abi: 'x86_64',
      phase: e.atEnter ? 'before' : 'after',
      args: e.args.slice(0, entry?.args.length ?? 6),
      proc: { comm: e.comm, ppid: e.ppid, uid: e.uid },
      acted: true,
    };
    if (rule.name !== undefined) d.ruleName = rule.name;
    if (e.str !== undefined && strArg !== undefined) d.mem = { [strArg]: e.str };
    if (!e.atEnter) d.retval = e.ret;
    return d;
  });
}
