import { describe, expect, it } from 'vitest';
import { check, FAIL } from './helpers.js';

describe('parameter pass', () => {
  it('resolves names per syscall, with type aliases (path, fd, addr)', () => {
    expect(check(`syscall_name = @open\nfilter_expression { path ~= "\\\\.conf$" }\n${FAIL}`).messages).toEqual([]);
    expect(check(`syscall_name = connect\nfilter_expression { addr.port == 80 && addr.ip == "127.0.0.1" && addr.family == AF_INET }\n${FAIL}`).messages).toEqual([]);
    expect(check(`syscall_name = unlink, unlinkat\nfilter_expression { pathname == "/x" }\n${FAIL}`).messages).toEqual([]);
  });
  it('requires PARAMS[n] in range for every member', () => {
    expect(check(`syscall_name = unlinkat, unlink\nfilter_expression { PARAMS[2] == "x" }\n${FAIL}`).messages).toEqual([
      'SCT_PARAM_RANGE: PARAMS[2]: unlink has 1 parameter (the rule selects unlinkat, unlink)',
    ]);
  });
  it('lists the parameters when nothing is close', () => {
    expect(check(`syscall_name = write\nfilter_expression { zzzz == 1 }\n${FAIL}`).messages).toEqual([
      "SCT_UNKNOWN_PARAM: unknown parameter 'zzzz' of write; its parameters are fd, buf, count",
    ]);
  });
  it('turns fd.path on descriptors into fdPath and keeps source locations on the copies', () => {
    const r = check(`syscall_name = openat, write\nfilter_expression { fd.path == "/etc/passwd" }\n${FAIL}`);
    expect(r.messages).toEqual([]);
    const filter = r.rules[0]!.filter;
    expect(filter).toEqual({ type: 'compare', op: '==', left: { type: 'param', name: 'fd', fdPath: true }, right: { type: 'string', value: '/etc/passwd' } });
    expect(filter?.type === 'compare' && r.locations.get(filter.left)).toMatchObject({ line: 3, column: 21 });
  });
  it('rejects a parameter that is a string for one member and an integer for another', () => {
    // PARAMS[1]: unlink's pathname (string) vs unlinkat's dfd (integer).
    expect(check(`syscall_name = unlink, unlinkat\nfilter_expression { PARAMS[1] == 3 }\n${FAIL}`).messages).toEqual([
      'SCT_TYPE_MISMATCH: PARAMS[1] is a string for unlink but an integer for unlinkat; split the rule',
    ]);
  });
  it('returns copies: the input rules are untouched', () => {
    const r = check(`syscall_name = write\nfilter_expression { fd.path == "/x" }\n${FAIL}`);
    expect(r.rules[0]!.filter).not.toBe(undefined);
    expect(JSON.stringify(r.rules[0]!.filter)).toContain('fdPath');
  });
});
