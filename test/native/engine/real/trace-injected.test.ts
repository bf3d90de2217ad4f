// Issue 12 point 1: `sct trace` shows the calls a rule answered before they ran, marked
// ` (INJECTED)` with what the program saw, as strace does.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lines, PROGRAM, sct, strace, programs } from './real.js';
import { needs } from '../../../helpers/host/index.js';

const injectedLine = (text: string): string[] => lines(text).filter((l) => l.endsWith('(INJECTED)'));

// -o FILE here: on a shared stderr sct's line may land inside cat's own message (docs/trace.md).
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sct-inj-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sct trace with -e inject', () => {
  beforeEach(needs(...programs('cli', 'strace')));
  it('cat: the third openat (/etc/hostname) is printed as strace prints it', () => {
    const spec = ['-e', 'trace=openat', '-e', 'inject=openat:error=EACCES:when=3'];
    const env = { ...process.env, LC_ALL: 'C' };
    const ours = sct(['trace', '-o', join(dir, 'sct.txt'), ...spec, '--', 'cat', '/etc/hostname'], { env });
    const theirs = strace(['-o', join(dir, 'strace.txt'), ...spec, 'cat', '/etc/hostname'], { env });
    expect([ours.status, ours.stderr]).toEqual([1, 'cat: /etc/hostname: Permission denied\n']);
    const injected = injectedLine(readFileSync(join(dir, 'sct.txt'), 'utf8'));
    expect(injected).toEqual(['openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = -1 EACCES (Permission denied) (INJECTED)']);
    expect(injected).toEqual(injectedLine(readFileSync(join(dir, 'strace.txt'), 'utf8')));
  });

  it('python3: a refused connect is printed, with the sockaddr', (ctx) => {
    needs(...programs('python3'))(ctx);
    const script = 'import socket\ntry:\n    socket.socket().connect(("127.0.0.1", 9))\nexcept OSError as e:\n    print(e.errno)';
    const spec = ['-e', 'trace=connect', '-e', 'inject=connect:error=ECONNREFUSED'];
    const ours = sct(['trace', ...spec, '--', PROGRAM.python3, '-c', script]);
    const theirs = strace(['-f', ...spec, PROGRAM.python3, '-c', script]);
    expect(ours.stdout).toBe('111\n');
    expect(injectedLine(ours.stderr)).toHaveLength(1);
    expect(injectedLine(ours.stderr)).toEqual(injectedLine(theirs.stderr));
  });

  it('--json carries the injected call with what the program saw', () => {
    const spec = ['-e', 'trace=openat', '-e', 'inject=openat:error=ENOENT:when=3'];
    const out = join(dir, 'events.ndjson');
    const r = sct(['trace', '--json', '-o', out, ...spec, '--', 'cat', '/etc/hostname'], { env: { ...process.env, LC_ALL: 'C' } });
    expect([r.status, r.stderr]).toEqual([1, 'cat: /etc/hostname: No such file or directory\n']);
    const events = lines(readFileSync(out, 'utf8')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.filter((e) => e.acted === true && e.action === 'FAIL')).toEqual([expect.objectContaining({ syscall: 'openat', seen: '-2', mem: { 1: { text: '/etc/hostname' } }, call: expect.stringMatching(/\(INJECTED\)$/) })]);
  });
});
