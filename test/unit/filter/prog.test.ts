// Filter expressions -> sct_prog bytecode: layout, the checker's verdict, and semantics via the TS interpreter.
import { describe, expect, it } from 'vitest';
import { checkProg, compileFilter } from '../../../harness/src/filter/index.js';
import { decodeProg } from '../../../harness/src/filter/prog-encode.js';
import { Op, SCT_PROG_MAGIC, StrSrc, SockField, Var, ConstKind } from '../../../harness/src/filter/prog-format.js';
import { evalProg, type ProgInput } from '../../../harness/src/filter/prog-interp.js';
import { lookupConstant, lookupSyscall } from '../../../harness/src/tables/index.js';
import type { Expr } from '../../../harness/src/rules/model.js';
import { and, cmp, n, not, or, p, str, sym } from '../engine/compile/helpers.js';

const entry = (name: string) => lookupSyscall(name, 'x86_64')!;
const O_CREAT = BigInt(lookupConstant('O_CREAT')!.value);
const AF_INET = BigInt(lookupConstant('AF_INET')!.value);
const s = (src: number, arg: number): string => `${src}:${arg}`;

describe('prog layout', () => {
  it('writes the header, 16-byte instructions and an 8-byte aligned pool', () => {
    const blob = compileFilter(cmp('==', p('path'), str('/etc/passwd')), entry('openat'));
    const view = new DataView(blob.buffer, blob.byteOffset);
    expect(view.getUint32(0, true)).toBe(SCT_PROG_MAGIC);
    expect(view.getUint16(6, true)).toBe(3); // STR_LOAD, STR_EQ, RET
    expect(view.getUint16(8, true)).toBe(1);
    expect(view.getUint32(12, true)).toBe(blob.length);
    expect(blob.length % 8).toBe(0);
    const d = decodeProg(blob);
    expect(d.insns.map((i) => i.op)).toEqual([Op.STR_LOAD, Op.STR_EQ, Op.RET]);
    expect(d.insns[0]).toMatchObject({ a: StrSrc.ARG, b: 1 }); // openat's filename is argument 1
    expect(d.consts[0]!.kind).toBe(ConstKind.STR);
    expect(Buffer.from(d.consts[0]!.payload).toString()).toBe('/etc/passwd');
  });

  it('short-circuits && with a forward JZ that lands after the right operand', () => {
    const blob = compileFilter(and(cmp('==', p('flags'), n(0)), cmp('==', p('path'), str('/x'))), entry('openat'));
    const ops = decodeProg(blob).insns;
    const jz = ops.findIndex((i) => i.op === Op.JZ);
    expect(jz).toBeGreaterThan(0);
    expect(ops[jz + 1 + ops[jz]!.c]!.op).toBe(Op.RET);
  });

  it('an empty filter is the empty program', () => {
    expect(compileFilter(undefined, entry('openat')).length).toBe(0);
  });
});

type Case = [what: string, filter: Expr, syscall: string, input: ProgInput, expected: boolean];
const CASES: Case[] = [
  ['path ==', cmp('==', p('path'), str('/etc/passwd')), 'openat', { args: [], strings: { [s(StrSrc.ARG, 1)]: '/etc/passwd' } }, true],
  ['path == other', cmp('==', p('path'), str('/etc/passwd')), 'openat', { args: [], strings: { [s(StrSrc.ARG, 1)]: '/etc/passwd2' } }, false],
  ['path !=', cmp('!=', p('path'), str('/etc/passwd')), 'openat', { args: [], strings: { [s(StrSrc.ARG, 1)]: '/etc/group' } }, true],
  ['path ~= searches', cmp('~=', p('path'), str('pass')), 'openat', { args: [], strings: { [s(StrSrc.ARG, 1)]: '/etc/passwd' } }, true],
  ['path ~= anchored', cmp('~=', p('path'), str('^pass')), 'openat', { args: [], strings: { [s(StrSrc.ARG, 1)]: '/etc/passwd' } }, false],
  ['unreadable string: no match', cmp('!=', p('path'), str('/x')), 'openat', { args: [] }, false],
  ['literal on the left', cmp('>', n(10), p('count')), 'write', { args: [1n, 0n, 3n] }, true],
  ['flags & O_CREAT', { type: 'flagtest', left: p('flags'), mask: [sym('O_CREAT')] }, 'openat', { args: [0n, 0n, O_CREAT | 1n] }, true],
  ['&& short-circuits before an unreadable string', and(cmp('==', p('flags'), n(1)), cmp('==', p('path'), str('/x'))), 'openat', { args: [0n, 0n, 0n] }, false],
  ['|| short-circuits', or(cmp('==', p('flags'), n(0)), cmp('==', p('path'), str('/x'))), 'openat', { args: [0n, 0n, 0n] }, true],
  ['not', not(cmp('==', p('flags'), n(0))), 'openat', { args: [0n, 0n, 0n] }, false],
  ['in (strings)', { type: 'in', left: p('path'), values: [str('/a'), str('/b'), str('/c')] }, 'openat', { args: [], strings: { [s(StrSrc.ARG, 1)]: '/c' } }, true],
  ['in (numbers)', { type: 'in', left: p('fd'), values: [n(3), n(4)] }, 'write', { args: [5n] }, false],
  ['fd.path', cmp('~=', p('fd', { fdPath: true }), str('log$')), 'write', { args: [3n], strings: { [s(StrSrc.FD_PATH, 0)]: '/var/x.log' } }, true],
  ['process var', cmp('==', { type: 'var', name: 'UID' }, n(1000)), 'openat', { args: [], vars: { [Var.UID]: 1000n } }, true],
  ['COMM', cmp('==', { type: 'var', name: 'COMM' }, str('cat')), 'openat', { args: [], strings: { [s(StrSrc.COMM, 0)]: 'cat' } }, true],
  ['addr.port', cmp('==', p('addr', { field: ['port'] }), n(8080)), 'connect', { args: [], sock: { [`${SockField.PORT}:1`]: 8080n } }, true],
  ['addr.family', cmp('==', p('addr', { field: ['family'] }), sym('AF_INET')), 'connect', { args: [], sock: { [`${SockField.FAMILY}:1`]: AF_INET } }, true],
  ['addr.ip', cmp('==', p('addr', { field: ['ip'] }), str('127.0.0.1')), 'connect', { args: [], strings: { [s(StrSrc.SOCK_IP, 1)]: '127.0.0.1' } }, true],
  ['dirfd == AT_FDCWD (32-bit register)', cmp('==', p('dfd'), sym('AT_FDCWD')), 'openat', { args: [0xffffff9cn] }, true],
];

describe('prog semantics', () => {
  it.each(CASES)('%s', (_what, filter, syscall, input, expected) => {
    const blob = compileFilter(filter, entry(syscall));
    expect(checkProg(blob)).toBeNull();
    expect(evalProg(blob, input)).toBe(expected);
  });
});

describe('|| and failing loads', () => {
  it('tries the operand that cannot fail first, so -P style filters match through the path', () => {
    const filter = or(cmp('==', p('dfd', { fdPath: true }), str('/etc/hostname')), cmp('==', p('filename'), str('/etc/hostname')));
    const blob = compileFilter(filter, entry('openat'));
    // dirfd is AT_FDCWD: its path cannot be read; the filename alone decides.
    expect(evalProg(blob, { args: [0xffffff9cn], strings: { [s(StrSrc.ARG, 1)]: '/etc/hostname' } })).toBe(true);
  });
});
