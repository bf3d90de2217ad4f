// The kernel module suite (vagrant/suites/kernel.sh) in the qemu guest, through the same path as
// `npm run test:vm kernel`: builds kernel/ and its C selftests against the guest's 6.1 kernel,
// insmods it, runs the named C tests (one per action on real programs, protocol fuzz, unload, SMP
// stress, kernel log), the overhead table and the `sct` commands. Asserts every TAP test passed,
// that each selftest binary reported its tests by name, and that the reported numbers add up.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runner = path.join(repo, 'vagrant/run-vm.mjs');
const runId = `test-kernel-${process.pid}-${Date.now()}`;
const tapFile = path.join(repo, '.vm-cache/results', runId, 'kernel.tap');
// The suite takes about 5 minutes under TCG (thread=single); a boot may first queue behind another VM run.
const SUITE_TIMEOUT_S = 900;
const TEST_MS = 45 * 60_000;

interface Run { code: number | null; out: string; tap: string }
let run: Run;

function runSuite(): Promise<Run> {
  const child = spawn(process.execPath, [runner, 'kernel', '--timeout', String(SUITE_TIMEOUT_S)], {
    cwd: repo,
    env: { ...process.env, SCT_VM_RUN_ID: runId },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, out, tap: existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '' })),
  );
}

/** The suite's "# NAME: k=v ..." summary comment as numbers (kernel.sh prints one per measured check). */
function numbers(tap: string, name: string): Record<string, number> {
  const line = tap.split('\n').find((l) => l.startsWith(`# ${name}:`));
  if (!line) throw new Error(`no "# ${name}:" line in the TAP:\n${tap}`);
  return Object.fromEntries([...line.matchAll(/(\w+)=(-?\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

describe('kernel module in the VM (npm run test:vm kernel)', () => {
  beforeAll(async () => {
    run = await runSuite();
  }, TEST_MS);

  it('passes every TAP test of the suite', () => {
    const results = run.tap.split('\n').filter((l) => /^(not )?ok \d+ /.test(l));
    const plan = /^1\.\.(\d+)$/m.exec(run.tap);
    expect(plan, run.out).not.toBeNull();
    expect(results.length, run.out).toBe(Number(plan![1]));
    expect(results.length).toBeGreaterThanOrEqual(24);
    // each C test of kernel/selftests/ is one result named "BINARY: fixture.test"
    for (const bin of ['actions_test', 'protocol_test', 'lifecycle_test', 'kernel_log_test'])
      expect(results.filter((l) => new RegExp(`^ok \\d+ - ${bin}: \\w+\\.\\w+$`).test(l)).length, bin).toBeGreaterThan(0);
    expect(results.filter((l) => l.startsWith('not ok')), run.out).toEqual([]);
    expect(run.out).toMatch(/^\d+ passed, 0 failed$/m);
    expect(run.code, run.out).toBe(0);
  });

  it('SMP stress: the acted counters summed over every generation equal what the threads saw', () => {
    const s = numbers(run.tap, 'stress');
    expect(s.cycles).toBe(50);
    expect(s.replacements).toBe(1000);
    expect(s.generations).toBe(1000);
    expect(s.threads).toBeGreaterThanOrEqual(4);
    expect(s.vcpus).toBeGreaterThanOrEqual(2); // the kernel suite boots thread=single TCG: still 2 guest CPUs
    expect(s.calls).toBeGreaterThan(0);
    expect(s.edom).toBeGreaterThan(0);
    expect(s.seven).toBeGreaterThan(0);
    expect(s.fail_acted).toBe(s.edom);
    expect(s.return_acted).toBe(s.seven);
  });

  it('protocol fuzz: every malformed message was rejected, none accepted', () => {
    const f = numbers(run.tap, 'fuzz');
    expect(f.sent).toBeGreaterThanOrEqual(20_000);
    expect(f.rejected).toBe(f.sent);
    expect(f.accepted).toBe(0);
  });

  it('overhead: a markdown table of getppid ns/call with the module absent, loaded, and a rule elsewhere', () => {
    expect(run.tap).toMatch(/^# \| getppid ns\/call \|/m);
    const o = numbers(run.tap, 'overhead');
    for (const k of ['none', 'loaded', 'other_rule']) expect(o[k], k).toBeGreaterThan(0);
  });

  it('dmesg: no oops, warning, BUG or lockup after the whole suite', () => {
    const d = numbers(run.tap, 'dmesg');
    expect(d.bad_lines).toBe(0);
    expect(d.sct_loaded).toBeGreaterThan(0);
    expect(d.sct_unloaded).toBeGreaterThan(0);
  });
});
