import { describe, expect, it } from 'vitest';
import { check, FAIL } from './helpers.js';

const filter = (sys: string, f: string) => check(`syscall_name = ${sys}\nfilter_expression { ${f} }\n${FAIL}`).messages;

describe('type and symbol passes', () => {
  it('accepts well-typed filters', () => {
    expect(filter('openat', 'flags & (O_CREAT | O_EXCL) && mode > 0 && filename != "/x" && COMM in ("a", "b") && PID >= 1')).toEqual([]);
    expect(filter('kill', 'sig == SIGTERM || sig == 9')).toEqual([]);
    expect(filter('socket', 'family == AF_INET && type == SOCK_STREAM')).toEqual([]);
    expect(filter('write', 'buf ~= "^hello"')).toEqual([]);
  });
  it('rejects symbols of the wrong kind for the parameter', () => {
    expect(filter('socket', 'family == SOCK_STREAM')).toEqual(['SCT_SYMBOL_KIND: SOCK_STREAM is a socket type, but family (socket_family) takes an address family']);
    expect(filter('write', 'fd == EACCES')).toEqual(['SCT_SYMBOL_KIND: EACCES is an errno, but fd (fd) takes no symbolic constants']);
    expect(filter('unlink', 'PID == SIGKILL')).toEqual(['SCT_SYMBOL_KIND: SIGKILL is a signal, but PID (process variable) takes no symbolic constants']);
  });
  it('rejects & on strings and ordering on strings', () => {
    expect(filter('unlink', 'pathname & 1')).toEqual(["SCT_TYPE_MISMATCH: '&' tests bits of an integer, but pathname (path) is a string"]);
    expect(filter('unlink', 'CWD >= "/"')).toEqual(["SCT_TYPE_MISMATCH: '>=' compares integers, but CWD (process variable) is a string; use == or ~="]);
  });
  it('checks regexes with the DFA compiler', () => {
    expect(filter('unlink', 'pathname ~= "[[:alpah:]]"')[0]).toMatch(/^SCT_BAD_REGEX: invalid regular expression '\[\[:alpah:\]\]': unknown character class/);
  });
});
