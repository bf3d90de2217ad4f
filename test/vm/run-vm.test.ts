// Boots the real guest through `node vagrant/run-vm.mjs` (the same path as
// `npm run test:vm`). One file, so its boots run one after another: never more
// than one qemu at a time on this 2-core machine.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runner = path.join(repo, 'vagrant/run-vm.mjs');

interface Run { code: number | null; signal: NodeJS.Signals | null; out: string; ms: number }

function run(args: string[], runId: string, { onOutput }: { onOutput?: (text: string, kill: (s: NodeJS.Signals) => void) => void } = {}): Promise<Run> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [runner, ...args], {
    cwd: repo,
    env: { ...process.env, SCT_VM_RUN_ID: runId },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const take = (c: Buffer): void => {
    out += c.toString();
    onOutput?.(out, (s) => child.kill(s));
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, ms: Date.now() - t0 })));
}

/** qemu processes started for this run id (the runner names them sct-vm-<run id>-<suite>). */
function qemuFor(runId: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', `qemu-system.*sct-vm-${runId}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

const id = (what: string): string => `test-${what}-${process.pid}-${Date.now()}`;
// A boot may first queue behind another VM run (.vm-cache/qemu.lock): allow for it.
const BOOT_TEST_MS = 30 * 60_000;

describe('run-vm', () => {
  beforeAll(() => {
    // builds the image on a fresh machine (a few minutes), reuses it after
    execFileSync(process.execPath, [path.join(repo, 'vagrant/build-image.mjs')], { cwd: repo, stdio: 'inherit' });
  }, 45 * 60_000);

  it('runs the smoke suite: every check passes', async () => {
    const runId = id('smoke');
    const r = await run(['smoke', '--timeout', '240'], runId);
    expect(r.out).toMatch(/✓ kernel \S+ is the built kernel/);
    expect(r.out).toContain('✓ checkout is mounted over 9p');
    expect(r.out).toContain('✓ node runs and reads the checkout');
    expect(r.out).toMatch(/^[1-9]\d* passed, 0 failed$/m);
    expect(r.out).toMatch(/boot-to-first-test \d+\.\ds/);
    expect(r.code, r.out).toBe(0);
    expect(qemuFor(runId)).toEqual([]);
  }, BOOT_TEST_MS);

  it('kills a hanging guest after the timeout and names the hanging test', async () => {
    const runId = id('hang');
    const r = await run(['hang', '--timeout', '120'], runId);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('timed out after 120.0s; killed qemu');
    expect(r.out).toContain('test running at the time: hang-forever');
    expect(r.out).toMatch(/last \d+ console lines:\n(  \| .*\n)+/);
    expect(r.out).toContain('  | # running: hang-forever');
    expect(r.out).toContain('✓ before the hang');
    expect(r.out).toMatch(/^1 passed, 1 failed$/m);
    expect(qemuFor(runId)).toEqual([]);
  }, BOOT_TEST_MS);

  it('reports a kernel panic with the test that caused it and the panic on the console', async () => {
    const runId = id('panic');
    const r = await run(['panic'], runId);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('the guest kernel panicked: Kernel panic - not syncing: sysrq triggered crash');
    expect(r.out).toContain('test running at the time: crash-the-kernel');
    expect(r.out).toMatch(/last \d+ console lines:\n(  \| .*\n)+/);
    expect(r.out).toMatch(/^1 passed, 1 failed$/m);
    expect(qemuFor(runId)).toEqual([]);
  }, BOOT_TEST_MS);

  it('leaves no qemu behind when the runner gets SIGTERM mid-boot', async () => {
    const runId = id('sigterm');
    let sent = false;
    let seenQemu: string[] = [];
    const r = await run(['hang', '--timeout', '120'], runId, {
      onOutput: (out, kill) => {
        if (!sent && out.includes('[hang] booting')) {
          sent = true;
          // let qemu start, then interrupt the runner
          setTimeout(() => { seenQemu = qemuFor(runId); kill('SIGTERM'); }, 3000);
        }
      },
    });
    expect(seenQemu.length, 'qemu was running when SIGTERM was sent').toBe(1);
    expect(r.code).toBe(143);
    expect(r.out).toContain('SIGTERM: killing 1 qemu process(es)');
    await new Promise((ok) => setTimeout(ok, 500));
    expect(qemuFor(runId)).toEqual([]);
  }, BOOT_TEST_MS);
});
