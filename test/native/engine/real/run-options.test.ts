// Issue 12 point 9: `sct run` accepted options it then ignored (`-e trace=openat` printed nothing).
// -e trace= now prints the calls as `sct trace -f` does; an option the mode cannot use is refused.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { lines, sct, strace, programs } from './real.js';
import { needs } from '../../../helpers/host/index.js';

describe('sct run -e trace=', () => {
  beforeEach(needs(...programs('cli', 'strace')));
  it('prints the calls of the set as strace prints them, injected ones marked', () => {
    const spec = ['-e', 'trace=openat', '-e', 'inject=openat:error=EACCES:when=3'];
    const env = { ...process.env, LC_ALL: 'C' };
    // -o: on a shared stderr sct's line may land inside cat's own message (docs/trace.md); the
    // summary, written once cat has exited, stays on stderr.
    const dir = mkdtempSync(join(tmpdir(), 'sct-run-trace-'));
    try {
      const ours = sct(['run', '-o', join(dir, 'sct.txt'), ...spec, '--', 'cat', '/etc/hostname'], { env });
      const theirs = strace(['-qq', '-o', join(dir, 'strace.txt'), ...spec, 'cat', '/etc/hostname'], { env });
      expect(ours.status).toBe(1);
      const calls = (file: string): string[] => lines(readFileSync(join(dir, file), 'utf8')).filter((l) => l.startsWith('openat('));
      expect(calls('sct.txt')).toEqual(calls('strace.txt'));
      expect(calls('sct.txt')).toHaveLength(3);
      // cat's message whole, then the summary, which numbers the user's rule only.
      expect(lines(ours.stderr)).toEqual(['cat: /etc/hostname: Permission denied', expect.stringMatching(/^sct: rule/), expect.stringMatching(/^sct: 1\s+3\s+3\s+1$/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('-P restricts the printed calls to the path', () => {
    const r = sct(['run', '-e', 'trace=openat,read', '-P', '/etc/hostname', '--', 'cat', '/etc/hostname']);
    expect(r.status).toBe(0);
    const printed = lines(r.stderr);
    expect(printed[0]).toBe('openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3');
    expect(printed.slice(1).every((l) => l.startsWith('read(3, '))).toBe(true);
  });
});

describe('sct run refuses options it would ignore', () => {
  beforeEach(needs(...programs('cli')));
  it.each([
    [['--reporter', 'tap', '--', 'true'], '`--reporter`'],
    [['-j', '2', '--', 'true'], '`--jobs`'],
    [['--explain', '--json', '-e', 'inject=openat:error=EIO'], '`--json`'],
    [['--explain', '--timeout', '10', '-e', 'inject=openat:error=EIO'], '`--timeout`'],
    [['--json', 'scenarios/config-eacces.ts'], '`--json`'],
    [['-e', 'inject=openat:error=EIO', 'scenarios/config-eacces.ts'], '`--expr`'],
  ])('sct run %j', (args, named) => {
    const r = sct(['run', ...args]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`would ignore ${named}`);
  });

  it('--arch of another machine: refused for a run (its filter killed the program with SIGSYS), kept for --explain', () => {
    const other = process.arch === 'arm64' ? 'x86_64' : 'aarch64';
    const r = sct(['run', '--arch', other, '-e', 'inject=openat:error=EACCES', '--', 'cat', '/etc/hostname']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`\`--arch ${other}\` cannot run a program on this`);
    expect(sct(['run', '--explain', '--arch', other, '-e', 'inject=openat:error=EACCES']).status).toBe(0);
  });
});
