// `sct run scenarios/x.ts` (runScenarioCommand) with each reporter, and `sct list`.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Parser } from 'tap-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { runScenarioCommand, type ScenarioReporter } from '../../../harness/src/cli/scenario-run.js';
import { packageRoot } from '../../../harness/src/paths.js';
import { cc, needs } from '../../helpers/host/index.js';

beforeEach(needs(cc));

const root = packageRoot();
const fixture = (name: string): string => join(root, 'test/native/scenarios/fixtures', name);

async function run(files: string[], reporter: ScenarioReporter): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runScenarioCommand(files, { reporter, jobs: 2, write: (t) => (out += t), cwd: root });
  return { code, out };
}

describe('runScenarioCommand', () => {
  it('tap: TAP 14 that tap-parser reads, with the failure reasons in YAML', async () => {
    const { code, out } = await run([fixture('buggy-and-fixed.ts'), fixture('no-scenario.ts')], 'tap');
    expect(code).toBe(1);
    expect(out.split('\n').slice(0, 3)).toEqual(['TAP version 14', '1..3', expect.stringMatching(/^not ok 1 - read-eintr-buggy # time=\d+ms$/)]);
    const parser = new Parser();
    const asserts: { ok: boolean; id: number; name: string; diag: Record<string, unknown> | null }[] = [];
    parser.on('assert', (a: (typeof asserts)[number]) => asserts.push(a));
    const done = new Promise<{ ok: boolean; count: number; pass: number; fail: number; failures: unknown[] }>((r) => parser.on('complete', r));
    parser.end(out);
    const result = await done;
    expect(result).toMatchObject({ ok: false, count: 3, pass: 1, fail: 2 });
    expect(asserts.map((a) => [a.id, a.ok, a.name])).toEqual([
      [1, false, 'read-eintr-buggy'],
      [2, true, 'read-eintr-fixed'],
      [3, false, 'test/native/scenarios/fixtures/no-scenario.ts'],
    ]);
    expect(asserts[0]!.diag).toMatchObject({
      reasons: ['stdout: expected to contain "read 12 bytes", got "read 0 bytes\\n"'],
      injections: [{ rule: 'interrupt', syscall: 'read', times: 1 }],
      exitCode: 0,
      signal: null,
    });
    expect((asserts[2]!.diag as { reasons: string[] }).reasons[0]).toMatch(/^load: `.*no-scenario\.ts` exports no scenario.*\[SCT_SCENARIO_LOAD\]$/);
  });

  it('human: a verdict line per scenario with its injections, the reasons, a closing count', async () => {
    const { code, out } = await run([fixture('buggy-and-fixed.ts')], 'human');
    expect(code).toBe(1);
    const lines = out.replace(/\(\d+ ms\)/g, '(N ms)').split('\n');
    expect(lines).toEqual([
      'FAIL read-eintr-buggy (N ms): injected read×1 (interrupt)',
      '     - stdout: expected to contain "read 12 bytes", got "read 0 bytes\\n"',
      'PASS read-eintr-fixed (N ms): injected read×1 (interrupt)',
      '',
      '1 passed, 1 failed',
      '',
    ]);
  });

  it('json: every verdict, and exit code 0 when all passed', async () => {
    const { code, out } = await run(['scenarios/read-eintr.ts', 'scenarios/alter-*.ts'], 'json');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { passed: number; failed: number; scenarios: { name: string; passed: boolean; injections: unknown[] }[] };
    expect(doc).toMatchObject({ passed: 2, failed: 0 });
    expect(doc.scenarios.map((s) => [s.name, s.passed, s.injections])).toEqual([
      ['read-eintr-fixed', true, [{ rule: 'interrupt', syscall: 'read', times: 1 }]],
      ['alter-path', true, [{ rule: 'redirect', syscall: 'openat', times: 1 }]],
    ]);
  });
});

describe('sct list (built CLI)', () => {
  it('lists the library with descriptions, without scenarios/targets', () => {
    const out = execFileSync(process.execPath, [join(root, 'dist/harness/src/cli/main.js'), 'list'], { cwd: root, encoding: 'utf8' });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(25);
    expect(lines).toContainEqual(expect.stringMatching(/^who-deleted +LOG every @unlink in a tree of workers: .* \(scenarios\/who-deleted\.ts\)$/));
    expect(out).not.toMatch(/targets/);
  });

  it('takes globs', () => {
    const out = execFileSync(process.execPath, [join(root, 'dist/harness/src/cli/main.js'), 'list', 'scenarios/journal-*.ts'], { cwd: root, encoding: 'utf8' });
    expect(out.trimEnd().split('\n').map((l) => l.split(' ')[0])).toEqual(['journal-eio-close-fixed', 'journal-enospc-fsync-fixed', 'journal-enospc-write-fixed']);
  });
});
