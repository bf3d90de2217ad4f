// The CI scripts and the example chaos workflow: the workflow only calls scripts from ci/ that
// exist, its matrices name suites and scenarios that exist, and .ci/run runs the README's test
// command. (GitHub Actions itself cannot run here; this is what can be checked of it.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../../../harness/src/paths.js';

const root = packageRoot();
const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');

interface Step { run?: string; uses?: string }
interface Job { steps: Step[]; strategy?: { matrix?: Record<string, unknown[]> } }

describe('.github/workflows/chaos.yml', () => {
  const wf = parse(read('.github/workflows/chaos.yml')) as { jobs: Record<string, Job> };

  it('every run step calls a script in ci/ that exists, and nothing else', () => {
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.run !== undefined).map((s) => s.run!.trim()));
    expect(runs.length).toBeGreaterThanOrEqual(4);
    for (const run of runs) {
      const m = /^bash (ci\/[\w.-]+\.sh)(?:\s|$)/.exec(run);
      expect(m, run).not.toBeNull();
      expect(existsSync(join(root, m![1]!)), m![1]).toBe(true);
    }
  });

  it('the VM matrix names suites that vagrant/suites/ has', () => {
    const suites = wf.jobs.vm!.strategy!.matrix!.suite as string[];
    expect(suites).toEqual(expect.arrayContaining(['functional', 'stress']));
    for (const s of suites) expect(existsSync(join(root, 'vagrant/suites', `${s}.sh`)), s).toBe(true);
  });

  it('the explore matrix names scenario files that exist and shards 1..n', () => {
    const m = wf.jobs.explore!.strategy!.matrix!;
    for (const sc of m.scenario as string[]) expect(existsSync(join(root, sc.split(':')[0]!)), sc).toBe(true);
    const shards = m.shard as number[];
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    expect(read('.github/workflows/chaos.yml')).toContain(`\${{ matrix.shard }} ${shards.length} `);
  });
});

describe('.ci/run', () => {
  it("runs the README's test command and the VM functional, stress and kernel suites", () => {
    const readme = read('README.md');
    expect(readme).toMatch(/^npm test$/m);
    const ci = read('.ci/run');
    expect(ci).toMatch(/^step test npm test\b/m);
    expect(ci).toMatch(/^for suite in functional kernel stress; do$/m);
    expect(ci).toMatch(/^  step "vm-\$suite" bash ci\/vm-suite\.sh "\$suite" \|\| status=\$\?$/m);
    expect(ci).toMatch(/^export SCT_VM_DEADLINE$/m);
    expect(ci).toMatch(/^step vm-prepare bash ci\/vm-suite\.sh prepare \|\| status=\$\?$/m);
  });
});

describe('step() of .ci/run and ci/vm-suite.sh', () => {
  // A failing step called as `step ... || status=$?` once returned the status of its closing echo,
  // so a failing test run left CI green.
  for (const file of ['.ci/run', 'ci/vm-suite.sh']) {
    it(`${file}: passes the command's status on, with || and under set -e`, () => {
      const fn = /^step\(\) \{\n[\s\S]*?^\}$/m.exec(read(file))?.[0];
      expect(fn, 'a step() function').toBeDefined();
      const script = `set -euo pipefail\n${fn}\nstatus=0\nstep a sh -c 'exit 3' || status=$?\necho "status=$status"\nstep b true\nstep c false\necho unreachable\n`;
      const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
      // (SECONDS may tick over during a step, so the time is any number)
      expect(r.stdout).toMatch(/^::: a took \d+ s, exit 3\nstatus=3$/m);
      expect(r.stdout).toMatch(/^::: b took \d+ s$/m);
      expect(r.stdout).not.toContain('unreachable');
      expect(r.status).toBe(1);
    });
  }
});
