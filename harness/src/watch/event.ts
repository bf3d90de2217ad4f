// struct sct_watch_event (native/watch/bpf/watch.h; the addon asserts its size, 384 bytes) read
// from the raw batches the addon hands over, then made into the engine's DecodedEvent so that
// LOG formats and `--json` are those of `sct run` (engine/decode). A record is longer than the
// event when it carries exe and cwd (struct sct_watch_paths and the texts): its `size` says.

import { syscallByNr } from '../tables/index.js';
import type { DecodedEvent } from '../engine/decode/index.js';
import type { Rule } from '../rules/model.js';
import type { WatchSlot } from './compile.js';
import { TRUNCATED_PATH_MARK, WATCH_EVENT_SIZE, WATCH_PATH_LIMIT, WATCH_PATHS_SIZE, WatchProcPath } from './contract.js';

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
  /** The rules' epoch (their generation is epoch & 1). */
  epoch: number;
  atEnter: boolean;
  comm: string;
  str?: string;
  /** Read in the kernel at the call when a rule asked; a path longer than the walk's bound
   * starts with TRUNCATED_PATH_MARK. */
  exe?: string;
  cwd?: string;
}

function cString(b: Buffer, start: number, max: number): string {
  const end = b.indexOf(0, start);
  return b.toString('utf8', start, end < 0 || end > start + max ? start + max : end);
}

/** A path of a struct sct_watch_paths: absent when not read, its tail marked when truncated. */
function procPath(b: Buffer, start: number, len: number, truncated: boolean): string | undefined {
  if (len < 0) return undefined;
  const text = b.toString('utf8', start, start + len);
  return truncated ? TRUNCATED_PATH_MARK + text : text;
}

/** Throws on a record that does not fit the contract (the addon passes only whole records). */
export function decodeWatchEvents(batch: Buffer): WatchEvent[] {
  const out: WatchEvent[] = [];
  for (let o = 0, size = 0; o < batch.length; o += size) {
    size = o + WATCH_EVENT_SIZE <= batch.length ? batch.readUInt16LE(o + 110) : 0;
    if (size < WATCH_EVENT_SIZE || o + size > batch.length) throw new Error(`sct watch: a ring buffer record of ${size} bytes at ${o} of a ${batch.length}-byte batch (watch.h: at least ${WATCH_EVENT_SIZE})`);
    const strLen = batch.readInt32LE(o + 100);
    const paths = batch.readUInt8(o + 109);
    const e: WatchEvent = {
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
      epoch: batch.readUInt32LE(o + 104),
      atEnter: batch.readUInt8(o + 108) !== 0,
      comm: cString(batch, o + COMM, 16),
      ...(strLen > 0 ? { str: cString(batch, o + STR, WATCH_PATH_LIMIT) } : {}),
    };
    if (paths !== 0 && size >= WATCH_EVENT_SIZE + WATCH_PATHS_SIZE) {
      const p = o + WATCH_EVENT_SIZE;
      const exeLen = batch.readInt32LE(p);
      const cwdLen = batch.readInt32LE(p + 4);
      const text = p + WATCH_PATHS_SIZE;
      const exe = paths & WatchProcPath.EXE ? procPath(batch, text, exeLen, batch.readUInt8(p + 8) !== 0) : undefined;
      const cwd = paths & WatchProcPath.CWD ? procPath(batch, text + Math.max(exeLen, 0), cwdLen, batch.readUInt8(p + 9) !== 0) : undefined;
      if (exe !== undefined) e.exe = exe;
      if (cwd !== undefined) e.cwd = cwd;
    }
    out.push(e);
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
      proc: { comm: e.comm, ppid: e.ppid, uid: e.uid, ...(e.exe !== undefined ? { exe: e.exe } : {}), ...(e.cwd !== undefined ? { cwd: e.cwd } : {}) },
      acted: true,
    };
    if (rule.name !== undefined) d.ruleName = rule.name;
    if (e.str !== undefined && strArg !== undefined) d.mem = { [strArg]: e.str };
    if (!e.atEnter) d.retval = e.ret;
    return d;
  });
}
