// The FIFOs a run's piped stdout/stderr go through, made by the addon (harness/src/engine/run/pipes.ts).
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TempDir } from '../../../harness/src/engine/run/pipes.js';
import { loadNative } from '../../../harness/src/engine/native.js';

let dir: TempDir | undefined;
afterEach(() => dir?.remove());

describe('TempDir.fifo', () => {
  it('makes a FIFO with mode 0600 whatever the umask (as `mkfifo -m 600` did), in a dir of mode 0700', () => {
    const old = process.umask(0o277);
    try {
      dir = new TempDir();
      // 0700 even under this umask: a 0500 dir refuses mkfifo to a non-root user (EACCES).
      expect(statSync(dir.path).mode & 0o7777).toBe(0o700);
      const st = statSync(dir.fifo('stdout'));
      expect([st.isFIFO(), st.mode & 0o7777]).toEqual([true, 0o600]);
    } finally {
      process.umask(old);
    }
  });

  it('fails with the errno name and the path when the FIFO exists', () => {
    dir = new TempDir();
    const path = dir.fifo('stdout');
    let caught: unknown;
    try {
      dir.fifo('stdout');
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ message: `mkfifo ${path}: EEXIST (File exists)`, code: 'EEXIST', syscall: 'mkfifo', path });
  });
});

// Its arguments (a mode outside 0-0o7777...): test/native/binding-args.test.ts.
describe('mkfifo (raw binding)', () => {
  it('names ENOENT and the path for a missing directory', () => {
    expect(() => loadNative().mkfifo('/nonexistent-sct-dir/fifo', 0o600)).toThrow('mkfifo /nonexistent-sct-dir/fifo: ENOENT (No such file or directory)');
  });
});
