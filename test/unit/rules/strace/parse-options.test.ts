import { describe, expect, it } from 'vitest';
import { checkRules } from '../../../../harness/src/rules/check/index.js';
import { formatDiagnostic } from '../../../../harness/src/rules/config/index.js';
import { parseStraceOptions } from '../../../../harness/src/rules/strace/index.js';

const parse = (expressions: string[], paths: string[] = []) => parseStraceOptions({ expressions, paths }, 'x86_64');
const strip = <T extends { loc?: unknown }>(rs: T[]) => rs.map(({ loc: _loc, ...r }) => r);

describe('strace -e inject', () => {
  it('error= is FAIL before, counted per thread', () => {
    const r = parse(['inject=openat:error=EACCES:when=3']);
    expect(r.diagnostics).toEqual([]);
    expect(strip(r.rules)).toEqual([{ syscalls: [{ kind: 'name', name: 'openat' }], phase: 'before', action: { type: 'FAIL', errno: 'EACCES' }, trigger: { scope: 'thread', when: { first: 3, step: 0 } } }]);
    expect(r.rules[0]!.loc).toEqual({ source: '<argv>', line: 1, column: 4, offset: 3, length: 33 });
  });
  it('takes errno and signal numbers and signal names without SIG', () => {
    const r = parse(['inject=read:error=5:signal=9', 'inject=write:signal=USR1']);
    expect(r.rules.map((x) => x.action)).toEqual([{ type: 'KILL', signal: 'SIGKILL' }, { type: 'FAIL', errno: 'EIO' }, { type: 'KILL', signal: 'SIGUSR1' }]);
  });
  it('retval= is RETURN before (the call is skipped)', () => {
    expect(strip(parse(['inject=getpid:retval=42']).rules)[0]).toMatchObject({ phase: 'before', action: { type: 'RETURN', value: 42n } });
  });
  it('delay_enter and delay_exit give two rules, bare microseconds', () => {
    const r = parse(['inject=nanosleep:delay_enter=100:delay_exit=2ms']);
    expect(r.rules.map((x) => [x.phase, x.action])).toEqual([['before', { type: 'DELAY', us: 100 }], ['after', { type: 'DELAY', us: 2000 }]]);
  });
  it.each([
    ['3', { first: 3, step: 0 }],
    ['3+', { first: 3 }],
    ['3+2', { first: 3, step: 2 }],
    ['3..10', { first: 3, last: 10 }],
    ['3..10+2', { first: 3, last: 10, step: 2 }],
  ])('when=%s', (when, range) => {
    expect(parse([`inject=read:error=EIO:when=${when}`]).rules[0]!.trigger).toEqual({ scope: 'thread', when: range });
  });
  it('fault= defaults to ENOSYS', () => {
    expect(parse(['fault=chdir']).rules.map((x) => x.action)).toEqual([{ type: 'FAIL', errno: 'ENOSYS' }]);
    expect(parse(['fault=chdir:error=EPERM']).rules.map((x) => x.action)).toEqual([{ type: 'FAIL', errno: 'EPERM' }]);
  });
  it('sets: classes, regexes, ?optional, negation, all', () => {
    expect(parse(['inject=%file,?nosuchcall:error=EIO']).rules[0]!.syscalls).toEqual([{ kind: 'class', name: 'file' }]);
    expect(parse(['inject=/^unlink:error=EIO']).rules[0]!.syscalls).toEqual([{ kind: 'name', name: 'unlink' }, { kind: 'name', name: 'unlinkat' }]);
    const all = parse(['trace=all']).trace!;
    const notWrite = parse(['trace=!write']).trace!;
    expect(notWrite).toHaveLength(all.length - 1);
    expect(notWrite).not.toContainEqual({ kind: 'name', name: 'write' });
    expect(parse(['%network']).trace).toEqual([{ kind: 'class', name: 'net' }]);
  });
  it('produces rules the semantic passes accept', () => {
    const r = parse(['inject=openat:error=EACCES:when=3', 'inject=%file:signal=SIGSEGV:delay_exit=5'], ['/etc/passwd']);
    expect(r.diagnostics).toEqual([]);
    // -P expands %file into names, so bare `open` draws the libc warning; no errors.
    expect(checkRules(r.rules, { arch: 'x86_64' }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
  it('warns about display-only qualifiers', () => {
    expect(parse(['verbose=all']).diagnostics.map((d) => d.code)).toEqual(['SCT_STRACE_IGNORED']);
  });
  it('locates errors inside the spec, in the text loadRules shows', () => {
    const expressions = ['trace=%file', 'inject=openat:error=EACESS'];
    const d = parse(expressions).diagnostics[0]!;
    const text = expressions.map((e) => `-e ${e}`).join('\n');
    expect(formatDiagnostic(d, text)).toContain('-e inject=openat:error=EACESS');
    expect(text.slice(d.loc!.offset, d.loc!.offset + d.loc!.length)).toBe('EACESS');
  });
});

describe('strace -P', () => {
  it('restricts rules to calls naming the path through a path or fd argument', () => {
    const r = parse(['inject=openat,read,getpid:error=EIO'], ['/etc/passwd']);
    expect(strip(r.rules).map((x) => [x.syscalls, x.filter])).toEqual([
      [[{ kind: 'name', name: 'openat' }], {
        type: 'or',
        left: { type: 'compare', op: '==', left: { type: 'param', name: 'dfd', fdPath: true }, right: { type: 'string', value: '/etc/passwd' } },
        right: { type: 'compare', op: '==', left: { type: 'param', name: 'filename' }, right: { type: 'string', value: '/etc/passwd' } },
      }],
      [[{ kind: 'name', name: 'read' }], { type: 'compare', op: '==', left: { type: 'param', name: 'fd', fdPath: true }, right: { type: 'string', value: '/etc/passwd' } }],
    ]);
  });
  it('uses `in` for several paths and restricts the trace set', () => {
    const r = parse(['trace=unlink,getpid'], ['/a', '/b']);
    expect(r.trace).toEqual([{ kind: 'name', name: 'unlink' }]);
    const rr = parse(['inject=unlink:error=EIO'], ['/a', '/b']);
    expect(rr.rules[0]!.filter).toEqual({ type: 'in', left: { type: 'param', name: 'pathname' }, values: [{ type: 'string', value: '/a' }, { type: 'string', value: '/b' }] });
  });
  it('resolves a relative path against the starting cwd: descriptors match the absolute path only', () => {
    const r = parseStraceOptions({ expressions: ['inject=unlink,fdatasync:error=EIO'], paths: ['t.db'], cwd: '/nonexistent-sct/dir' }, 'x86_64');
    const abs = { type: 'string', value: '/nonexistent-sct/dir/t.db' };
    expect(strip(r.rules).map((x) => [x.syscalls, x.filter])).toEqual([
      [[{ kind: 'name', name: 'unlink' }], { type: 'in', left: { type: 'param', name: 'pathname' }, values: [{ type: 'string', value: 't.db' }, abs] }],
      [[{ kind: 'name', name: 'fdatasync' }], { type: 'compare', op: '==', left: { type: 'param', name: 'fd', fdPath: true }, right: abs }],
    ]);
  });
  it('warns when no selected syscall can name a path', () => {
    const r = parse(['inject=getpid:error=EIO'], ['/x']);
    expect(r.rules).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SCT_STRACE_PATH_UNUSED']);
  });
});

describe('strace specs and --max-errors', () => {
  it('reading stops at maxErrors errors, in a set and across -e options', () => {
    const one = parseStraceOptions({ expressions: [`inject=${'zz,'.repeat(5000)}zz:error=EIO`], maxErrors: 3 }, 'x86_64');
    expect(one.diagnostics.map((d) => [d.code, d.loc?.column])).toEqual([['SCT_UNKNOWN_SYSCALL', 11], ['SCT_UNKNOWN_SYSCALL', 14], ['SCT_UNKNOWN_SYSCALL', 17]]);
    expect(one.stopped).toBe(true);
    const many = parseStraceOptions({ expressions: Array.from({ length: 100 }, () => 'inject=zz:error=EIO'), maxErrors: 2 }, 'x86_64');
    expect(many.diagnostics.map((d) => d.loc?.line)).toEqual([1, 2]);
    expect(many.stopped).toBe(true);
  });
  it('without errors nothing stops', () => {
    expect(parseStraceOptions({ expressions: ['inject=openat:error=EIO'], maxErrors: 1 }, 'x86_64').stopped).toBe(false);
  });
});
