// `sct watch` on a machine without libbpf.so.1: the addon cannot load, and the error says what to
// install (SCT_WATCH_UNAVAILABLE, exit 125), while `sct run` never loads that addon. Simulated with
// a copy of the prebuilt whose NEEDED entry names a libbpf that no machine has.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addonPaths, WATCH_ADDON } from '../../harness/src/addon.js';

const dir = mkdtempSync(join(tmpdir(), 'sct-watch-nolib-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sct watch without libbpf.so.1', () => {
  const nolib = join(dir, 'sct_watch.node');
  const prebuilt = readFileSync(addonPaths(WATCH_ADDON, 'linux', 'x64').at(-1)!);
  const at = prebuilt.indexOf('libbpf.so.1\0');
  writeFileSync(nolib, Buffer.concat([prebuilt.subarray(0, at), Buffer.from('libbpf.so.9'), prebuilt.subarray(at + 11)]));
  const env = { SCT_WATCH_ADDON: nolib, SCT_NATIVE_ADDON: undefined };

  it('says to install libbpf, exit 125', async () => {
    expect(at).toBeGreaterThan(0);
    const r = await execa('node', ['dist/harness/src/cli/main.js', 'watch', '--backend', 'ebpf', '-e', 'trace=unlinkat'], { reject: false, env });
    expect(r.stderr).toContain('needs libbpf.so.9, which is not installed');
    expect(r.stderr).toContain('sct watch needs libbpf 1.x: install it (`apt install libbpf1`, `dnf install libbpf`) [SCT_WATCH_UNAVAILABLE]');
    expect(r.exitCode).toBe(125);
  });

  it('sct run does not load it', async () => {
    const r = await execa('node', ['dist/harness/src/cli/main.js', 'run', '--', 'true'], { reject: false, env });
    expect(r.exitCode).toBe(0);
  });
});
