// The stress and regression suites, booted through `node vagrant/run-vm.mjs` (the path of
// `npm run test:vm` and ci/vm-suite.sh): every check passes, with the exact counts in the names.
// One file, so its boots run one after another (and after any other VM run: .vm-cache/qemu.lock).
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runner = path.join(repo, 'vagrant/run-vm.mjs');
// queueing behind another VM run included
const SUITE_MS = 40 * 60_000;

function runSuite(suite: string): { code: number | null; out: string } {
  const runId = `test-${suite}-${process.pid}-${Date.now()}`;
  const r = spawnSync(process.execPath, [runner, suite], {
    cwd: repo, encoding: 'utf8', env: { ...process.env, SCT_VM_RUN_ID: runId }, timeout: SUITE_MS,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('vm suites', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(repo, 'vagrant/build-image.mjs')], { cwd: repo, stdio: 'inherit' });
  }, 45 * 60_000);

  it('stress: many processes and threads under rules, sct counts what the stressors counted', () => {
    const r = runSuite('stress');
    expect(r.out).toMatch(/✓ tree-wide every 3rd call fails: matches = 6400 calls made, injections = EACCES seen = 2133/);
    expect(r.out).toContain('✓ per-thread every 4th call fails: each of 16 threads sees exactly 100 EACCES');
    expect(r.out).toContain('✓ per-process counting with max = 800: exactly max injections in all');
    expect(r.out).toContain('✓ three stressor trees, two rules at once');
    expect(r.out).toMatch(/^5 passed, 0 failed$/m);
    expect(r.code, r.out).toBe(0);
  }, SUITE_MS);

  it('regression: one passing check per fixed bug, backed by the host tests', () => {
    const r = runSuite('regression');
    expect(r.out).toContain('✓ tier-2 filter pid <= 0 matches kill(-1, 0) with pid as 0x00000000ffffffff');
    expect(r.out).toContain('✓ a program that does not exist is a typed launch error');
    expect(r.out).toContain('✓ SUSPEND before leaves the call unrun');
    expect(r.out).toContain('✓ loopback is up in the guest and 127.0.0.1 accepts TCP');
    expect(r.out).toMatch(/^7 passed, 0 failed$/m);
    expect(r.code, r.out).toBe(0);
  }, SUITE_MS);
});
