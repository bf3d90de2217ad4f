// The /dev/sct protocol (include/sct/uapi.h) in TypeScript: encoding of rules and the LOAD,
// LIST headers, decoding of counters, events and VERSION. The addon (native/kmod) only patches the
// user pointers in; every byte of layout lives here and in the header. The enums and limits come
// from gen/data/abi.json (include/sct/abi.h in C); test/unit/kmod checks the layouts.

import { Action, EV_F, RuleF, SCT_ANY_UID, SCT_COMM_LEN } from '../tables/generated/abi.js';

export {
  SCT_UAPI_VERSION,
  SCT_DEVICE,
  SCT_MAX_RULES,
  SCT_MAX_ALTER_STR,
  SCT_MAX_DELAY_US,
  SCT_ANY_UID,
  SCT_COMM_LEN,
  Action,
  Phase,
  ABI,
  EV_F,
} from '../tables/generated/abi.js';

export const SIZES = { rule: 72, load: 96, list: 96, counter: 24, version: 32, event: 392, scope: 40 } as const;

export type ActionCode = Action;
export const ACTION_NAMES: Record<number, string> = Object.fromEntries(Object.entries(Action).map(([k, v]) => [v, k]));

export const RULE_F_EVENT = RuleF.EVENT;

export interface KRule {
  id: number;
  nr: number;
  phase: 0 | 1;
  action: ActionCode;
  flags: number;
  value: bigint;
  alterArg?: number;
  /** ALTER_MEM: the bytes, NUL included. */
  str?: Uint8Array;
  /** Filter program (include/sct/prog.h); empty: every call. */
  prog: Uint8Array;
  whenFirst?: number;
  whenLast?: number;
  whenStep?: number;
  maxCount?: number;
}

export interface Scope {
  /** This process and its descendants; 0 or undefined: any. */
  pid?: number;
  uid?: number;
  cgroupId?: bigint;
  comm?: string;
}

const pad8 = (n: number): number => (n + 7) & ~7;

export function encodeRule(r: KRule): Buffer {
  const strLen = r.str?.length ?? 0;
  const size = pad8(SIZES.rule + r.prog.length + strLen);
  const b = Buffer.alloc(size);
  b.writeUInt32LE(size, 0);
  b.writeUInt32LE(r.id >>> 0, 4);
  b.writeUInt16LE(r.nr, 8);
  b.writeUInt8(r.phase, 10);
  b.writeUInt8(r.action, 11);
  b.writeUInt32LE(r.flags >>> 0, 12);
  b.writeBigInt64LE(BigInt.asIntN(64, r.value), 16);
  b.writeUInt8(r.alterArg ?? 0, 24);
  b.writeUInt32LE(strLen, 28);
  b.writeUInt32LE(r.prog.length, 32);
  b.writeBigUInt64LE(BigInt(r.whenFirst ?? 0), 40);
  b.writeBigUInt64LE(BigInt(r.whenLast ?? 0), 48);
  b.writeBigUInt64LE(BigInt(r.whenStep ?? 0), 56);
  b.writeBigUInt64LE(BigInt(r.maxCount ?? 0), 64);
  Buffer.from(r.prog).copy(b, SIZES.rule);
  if (r.str) Buffer.from(r.str).copy(b, SIZES.rule + r.prog.length);
  return b;
}

export function encodeRules(rules: readonly KRule[]): Buffer {
  return Buffer.concat(rules.map(encodeRule));
}

export function encodeScope(s: Scope, into: Buffer, at: number): void {
  into.writeInt32LE(s.pid ?? 0, at);
  into.writeUInt32LE(s.uid ?? SCT_ANY_UID, at + 4);
  into.writeBigUInt64LE(s.cgroupId ?? 0n, at + 8);
  const comm = Buffer.from(s.comm ?? '', 'utf8');
  if (comm.length >= SCT_COMM_LEN) throw new RangeError(`comm '${s.comm}' is longer than ${SCT_COMM_LEN - 1} bytes (the kernel's limit)`);
  comm.copy(into, at + 16);
}

export function decodeScope(b: Buffer, at: number): Scope {
  const comm = b.subarray(at + 16, at + 32);
  const end = comm.indexOf(0);
  return {
    pid: b.readInt32LE(at),
    uid: b.readUInt32LE(at + 4),
    cgroupId: b.readBigUInt64LE(at + 8),
    comm: comm.subarray(0, end < 0 ? comm.length : end).toString('utf8'),
  };
}

/** struct sct_load for LOAD (n rules, len bytes) or CLEAR (no rules). Pointers are set by the addon. */
export function encodeLoad(nRules: number, rulesLen: number, scope: Scope = {}): Buffer {
  const b = Buffer.alloc(SIZES.load);
  b.writeUInt32LE(SIZES.load, 0);
  b.writeUInt32LE(nRules, 4);
  b.writeUInt32LE(rulesLen, 16);
  encodeScope(scope, b, 32);
  return b;
}

export interface LoadResult {
  generation: bigint;
  retiredGeneration: bigint;
  retiredN: number;
}

export function decodeLoad(b: Buffer): LoadResult {
  return { generation: b.readBigUInt64LE(72), retiredGeneration: b.readBigUInt64LE(80), retiredN: b.readUInt32LE(88) };
}

export function encodeList(): Buffer {
  const b = Buffer.alloc(SIZES.list);
  b.writeUInt32LE(SIZES.list, 0);
  return b;
}

export interface ListResult {
  n: number;
  hooked: number;
  generation: bigint;
  scope: Scope;
  events: bigint;
  dropped: bigint;
  suspended: number;
}

export function decodeList(b: Buffer): ListResult {
  return {
    n: b.readUInt32LE(16),
    hooked: b.readUInt32LE(20),
    generation: b.readBigUInt64LE(24),
    scope: decodeScope(b, 32),
    events: b.readBigUInt64LE(72),
    dropped: b.readBigUInt64LE(80),
    suspended: b.readUInt32LE(88),
  };
}

export interface Counter {
  id: number;
  nr: number;
  phase: number;
  action: number;
  matched: bigint;
  acted: bigint;
}

export function decodeCounters(b: Buffer, n: number): Counter[] {
  const out: Counter[] = [];
  for (let i = 0; i < n && (i + 1) * SIZES.counter <= b.length; i++) {
    const o = i * SIZES.counter;
    out.push({ id: b.readUInt32LE(o), nr: b.readUInt16LE(o + 4), phase: b.readUInt8(o + 6), action: b.readUInt8(o + 7), matched: b.readBigUInt64LE(o + 8), acted: b.readBigUInt64LE(o + 16) });
  }
  return out;
}

export interface VersionInfo {
  version: number;
  progVersion: number;
  eventSize: number;
  abis: number;
  maxRules: number;
}

export function decodeVersion(b: Buffer): VersionInfo {
  return { version: b.readUInt32LE(0), progVersion: b.readUInt32LE(4), eventSize: b.readUInt32LE(8), abis: b.readUInt32LE(12), maxRules: b.readUInt32LE(16) };
}

export interface KEvent {
  seq: bigint;
  tsNs: bigint;
  generation: bigint;
  pid: number;
  tid: number;
  ppid: number;
  uid: number;
  ruleId: number;
  nr: number;
  phase: number;
  action: number;
  args: bigint[];
  retval?: bigint;
  /** The call's first string argument (a path), with its index. */
  str?: { arg: number; value: string; truncated: boolean };
  comm: string;
  exe: string;
}

function cstr(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
}

export function decodeEvents(b: Buffer): KEvent[] {
  const out: KEvent[] = [];
  for (let o = 0; o + SIZES.event <= b.length; o += SIZES.event) {
    const size = b.readUInt32LE(o);
    if (size !== SIZES.event) throw new RangeError(`event of ${size} bytes, expected ${SIZES.event}: module and harness disagree on the protocol`);
    const flags = b.readUInt32LE(o + 4);
    const args: bigint[] = [];
    for (let i = 0; i < 6; i++) args.push(b.readBigInt64LE(o + 56 + 8 * i));
    out.push({
      seq: b.readBigUInt64LE(o + 8),
      tsNs: b.readBigUInt64LE(o + 16),
      generation: b.readBigUInt64LE(o + 24),
      pid: b.readInt32LE(o + 32),
      tid: b.readInt32LE(o + 36),
      ppid: b.readInt32LE(o + 40),
      uid: b.readUInt32LE(o + 44),
      ruleId: b.readUInt32LE(o + 48),
      nr: b.readUInt16LE(o + 52),
      phase: b.readUInt8(o + 54),
      action: b.readUInt8(o + 55),
      args,
      retval: flags & EV_F.RETVAL ? b.readBigInt64LE(o + 104) : undefined,
      str: flags & EV_F.STR ? { arg: b.readUInt32LE(o + 112), value: cstr(b.subarray(o + 264, o + 392)), truncated: (flags & EV_F.STR_TRUNC) !== 0 } : undefined,
      comm: cstr(b.subarray(o + 120, o + 136)),
      exe: cstr(b.subarray(o + 136, o + 264)),
    });
  }
  return out;
}
