// Issue 15: iovec arrays (writev, readv) are followed to their data and printed as strace prints
// them: each entry cut at -s, at most -s entries before `...`, readv's entries filled as far as
// its result goes. Compared line for line with strace on python3's os.writev/os.readv.
import { beforeEach, describe, expect, it } from 'vitest';
import { lines, PROGRAM, sct, strace, programs } from './real.js';
import { needs } from '../../../helpers/host/index.js';

const SCRIPT = [
  'import os',
  "os.writev(1, [b'hello', b' world\\n', b'abc'])",
  "r, w = os.pipe(); os.write(w, b'0123456789'); a = bytearray(4); b = bytearray(20)",
  'os.readv(r, [a, b])',
  "os.writev(1, [b'x' * 3] * 70)",
  "os.writev(1, [b'y' * 40, b''])",
].join('\n');

describe('sct trace decodes iovec arrays as strace does', () => {
  beforeEach(needs(...programs('cli', 'strace', 'python3')));

  it('python3 writev/readv: the same lines at -s 8', () => {
    const spec = ['-qq', '-e', 'trace=writev,readv', '-s', '8'];
    const env = { ...process.env, LC_ALL: 'C' };
    const ours = lines(sct(['trace', ...spec, '--', PROGRAM.python3, '-c', SCRIPT], { env }).stderr);
    const theirs = lines(strace([...spec, PROGRAM.python3, '-c', SCRIPT], { env }).stderr).filter((l) => !l.startsWith('---'));
    expect(ours).toHaveLength(4);
    expect(ours[1]).toBe('readv(3, [{iov_base="0123", iov_len=4}, {iov_base="456789", iov_len=20}], 2) = 10');
    expect(ours).toEqual(theirs);
  });
});
