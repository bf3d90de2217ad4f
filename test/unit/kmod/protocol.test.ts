// The TS side of the /dev/sct protocol: byte layouts of rules and headers, event decoding. (Enum
// values and struct sizes against the compiled header: test/unit/tables/abi.test.ts.)
import { describe, expect, it } from 'vitest';
import {
  Action,
  decodeCounters,
  decodeEvents,
  decodeList,
  decodeLoad,
  encodeLoad,
  encodeRule,
  encodeRules,
  EV_F,
  RULE_F_EVENT,
  SCT_ANY_UID,
  SCT_MAX_RULES,
  SCT_UAPI_VERSION,
  SIZES,
} from '../../../harness/src/kmod/protocol.js';

describe('encoding', () => {
  it('lays a rule out as struct sct_rule, padded to 8 bytes', () => {
    const prog = new Uint8Array([1, 2, 3]);
    const str = new TextEncoder().encode('/tmp/x\0');
    const b = encodeRule({ id: 7, nr: 257, phase: 0, action: Action.ALTER_MEM, flags: RULE_F_EVENT, value: -2n, alterArg: 1, str, prog, whenFirst: 3, whenLast: 9, whenStep: 2, maxCount: 4 });
    expect(b.length).toBe(Math.ceil((SIZES.rule + 3 + 7) / 8) * 8);
    expect(b.readUInt32LE(0)).toBe(b.length);
    expect(b.readUInt32LE(4)).toBe(7);
    expect(b.readUInt16LE(8)).toBe(257);
    expect(b.readUInt8(10)).toBe(0);
    expect(b.readUInt8(11)).toBe(Action.ALTER_MEM);
    expect(b.readUInt32LE(12)).toBe(RULE_F_EVENT);
    expect(b.readBigInt64LE(16)).toBe(-2n);
    expect(b.readUInt8(24)).toBe(1);
    expect(b.readUInt32LE(28)).toBe(7);
    expect(b.readUInt32LE(32)).toBe(3);
    expect(b.readBigUInt64LE(40)).toBe(3n);
    expect(b.readBigUInt64LE(48)).toBe(9n);
    expect(b.readBigUInt64LE(56)).toBe(2n);
    expect(b.readBigUInt64LE(64)).toBe(4n);
    expect([...b.subarray(72, 75)]).toEqual([1, 2, 3]);
    expect(b.subarray(75, 82).toString()).toBe('/tmp/x\0');
    expect(b.subarray(82).every((x) => x === 0)).toBe(true);
  });

  it('concatenates rules and encodes the LOAD header with its scope', () => {
    const rules = [
      { id: 1, nr: 81, phase: 0 as const, action: Action.FAIL, flags: 0, value: 33n, prog: new Uint8Array() },
      { id: 2, nr: 87, phase: 1 as const, action: Action.ALTER_RET, flags: 0, value: 0n, prog: new Uint8Array(16) },
    ];
    const body = encodeRules(rules);
    expect(body.length).toBe(SIZES.rule + SIZES.rule + 16);
    const h = encodeLoad(2, body.length, { pid: 42, comm: 'cat' });
    expect(h.length).toBe(SIZES.load);
    expect(h.readUInt32LE(0)).toBe(SIZES.load);
    expect(h.readUInt32LE(4)).toBe(2);
    expect(h.readUInt32LE(16)).toBe(body.length);
    expect(h.readInt32LE(32)).toBe(42);
    expect(h.readUInt32LE(36)).toBe(SCT_ANY_UID);
    expect(h.subarray(48, 52).toString()).toBe('cat\0');
    expect(() => encodeLoad(1, 72, { comm: 'a-very-long-comm-name' })).toThrow(/longer than 15 bytes/);
  });

  it('decodes LOAD results, LIST headers and counters', () => {
    const h = encodeLoad(0, 0);
    h.writeBigUInt64LE(5n, 72);
    h.writeBigUInt64LE(4n, 80);
    h.writeUInt32LE(2, 88);
    expect(decodeLoad(h)).toEqual({ generation: 5n, retiredGeneration: 4n, retiredN: 2 });
    const l = Buffer.alloc(SIZES.list);
    l.writeUInt32LE(3, 16);
    l.writeUInt32LE(2, 20);
    l.writeBigUInt64LE(9n, 24);
    l.writeBigUInt64LE(100n, 72);
    l.writeBigUInt64LE(7n, 80);
    l.writeUInt32LE(1, 88);
    expect(decodeList(l)).toMatchObject({ n: 3, hooked: 2, generation: 9n, events: 100n, dropped: 7n, suspended: 1 });
    const c = Buffer.alloc(SIZES.counter * 2);
    c.writeUInt32LE(11, 24);
    c.writeUInt16LE(263, 28);
    c.writeUInt8(1, 30);
    c.writeUInt8(Action.LOG, 31);
    c.writeBigUInt64LE(12n, 32);
    c.writeBigUInt64LE(10n, 40);
    expect(decodeCounters(c, 2)[1]).toEqual({ id: 11, nr: 263, phase: 1, action: Action.LOG, matched: 12n, acted: 10n });
  });

  it('decodes an event (struct sct_event)', () => {
    const e = Buffer.alloc(SIZES.event);
    e.writeUInt32LE(SIZES.event, 0);
    e.writeUInt32LE(EV_F.STR | EV_F.RETVAL, 4);
    e.writeBigUInt64LE(3n, 8);
    e.writeInt32LE(100, 32);
    e.writeInt32LE(101, 36);
    e.writeInt32LE(1, 40);
    e.writeUInt32LE(1000, 44);
    e.writeUInt32LE(2, 48);
    e.writeUInt16LE(263, 52);
    e.writeBigInt64LE(-100n, 56);
    e.writeBigInt64LE(-2n, 104);
    e.writeUInt32LE(1, 112);
    e.write('rm\0', 120);
    e.write('/usr/bin/rm\0', 136);
    e.write('/tmp/victim\0', 264);
    const [ev] = decodeEvents(e);
    expect(ev).toMatchObject({ seq: 3n, pid: 100, tid: 101, ppid: 1, uid: 1000, ruleId: 2, nr: 263, retval: -2n, comm: 'rm', exe: '/usr/bin/rm', str: { arg: 1, value: '/tmp/victim', truncated: false } });
    expect(ev!.args[0]).toBe(-100n);
    e.writeUInt32LE(100, 0);
    expect(() => decodeEvents(e)).toThrow(/disagree on the protocol/);
  });
});
