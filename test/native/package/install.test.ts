// What a user does: pack this project, install the tarball into a fresh project with
// --ignore-scripts (no compiler step, as npm 11 installs an unapproved package), then run the CLI,
// a vitest file that uses withFaults and the matchers, a scenario, and a short explore, using the
// very files of the README's "Use it in your project" section. Needs the npm registry or a cache
// holding the dependencies; skips, saying why, where neither answers (the VM guest has no network).
import { execa, type Options } from 'execa';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { packageRoot } from '../../../harness/src/paths.js';
import { waitMs } from '../../helpers/scale.js';

const root = packageRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };

/** The README's files for users: fenced blocks in "Use it in your project" whose first line is `// PATH`. */
export function readmeFiles(readme: string): Map<string, string> {
  const start = readme.indexOf('## Use it in your project');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const files = new Map<string, string>();
  for (const m of section.matchAll(/```(?:ts|js)\n\/\/ (\S+)\n([\s\S]*?)```/g)) files.set(m[1]!, m[2]!);
  return files;
}

let project = '';
let tarball = '';
let skipReason = '';
/** Skips the test, saying why, as test/helpers/host's needs() does, when the install could not be made. */
const needsInstall = (ctx: TestContext): void => {
  if (!skipReason) return;
  ctx.task.meta.skipReason = skipReason;
  console.log(`skipped: ${skipReason}`);
  ctx.skip(skipReason);
};
const bin = (name: string): string => join(project, 'node_modules', '.bin', name);
const inProject = (file: string, args: string[], opts: Options = {}) =>
  execa(file, args, { cwd: project, reject: false, all: true, timeout: waitMs(120_000), ...opts, env: { NO_COLOR: '1', ...opts.env } });

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'sct-package-'));
  project = join(work, 'user-project');
  mkdirSync(project);
  // dist/ and the prebuilt addons come from `npm test`'s pretest build; --ignore-scripts packs them as they are.
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root });
  tarball = join(work, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }, null, 2));
  const install = await inProject('npm', ['i', '-D', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--fetch-retries=1', tarball, `vitest@${pkg.devDependencies.vitest}`], {
    timeout: waitMs(300_000),
  });
  if (install.exitCode !== 0) {
    const out = String(install.all);
    if (!/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|ENOTCACHED|network|offline/i.test(out)) {
      throw new Error(`npm i of the tarball failed:\n${out}`);
    }
    skipReason = `needs the npm registry or a cache with the tarball's dependencies: ${out.split('\n').find((l) => /ERR|error/i.test(l)) ?? 'npm i failed'}`;
    return;
  }
  for (const [file, text] of readmeFiles(readFileSync(join(root, 'README.md'), 'utf8'))) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), text);
  }
}, waitMs(400_000));
afterAll(() => {
  if (project) rmSync(dirname(project), { recursive: true, force: true });
});

describe('installed from the packed tarball into a fresh project (npm i --ignore-scripts)', () => {
  beforeEach(needsInstall);

  it("ships what users run and nothing of the project's own tests and CI", async () => {
    const { stdout } = await execa('tar', ['tzf', tarball]);
    const files = stdout.split('\n').map((f) => f.replace(/^package\//, ''));
    for (const f of [
      'dist/harness/src/cli/main.js',
      'dist/harness/src/index.d.ts',
      'dist/harness/src/vitest/index.d.ts',
      'dist/harness/src/crash/index.d.ts',
      'native/prebuilds/linux-x64/sct_native.napi.glibc.node',
      'native/kmod/prebuilds/linux-x64/sct_kmod.napi.glibc.node',
      'native/watch/prebuilds/linux-x64/sct_watch.napi.glibc.node',
      'native/watch/bpf/watch.h',
      'native/binding.gyp',
      'native/install.mjs',
      'include/sct/uapi.h',
      'include/sct/prog_interp.h',
      'include/sct/tables.h',
      'scenarios/config-eacces.ts',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(test|vagrant|bench|ci|gen|\.ci|\.github)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('`sct` runs from the prebuilt addon, with no build in the installed package', async () => {
    const version = await inProject(bin('sct'), ['--version']);
    expect(version.stdout).toBe(pkg.version);
    const run = await inProject(bin('sct'), ['run', '-P', '/etc/hostname', '-e', 'inject=openat:error=EACCES', '--', 'cat', '/etc/hostname']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('cat: /etc/hostname: Permission denied');
    expect(run.stderr).toMatch(/sct: 1\s+2\s+1\s+1/);
    const other = await inProject(bin('sct'), ['run', '--', 'true'], { env: { SCT_NATIVE_ADDON: '/nonexistent/sct_native.node' } });
    expect(other.exitCode).toBe(125);
    expect(other.stderr).toContain('SCT_NATIVE_ADDON=/nonexistent/sct_native.node');
  });

  it('`sct watch` has its help and finds its prebuilt eBPF addon (which `sct run` never loads)', async () => {
    const help = await inProject(bin('sct'), ['watch', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--backend <backend>');
    // A rule it refuses is answered after the addon is loaded (it asks which programs it has), before root is needed.
    const refused = await inProject(bin('sct'), ['watch', '--backend', 'ebpf', '-e', 'inject=unlinkat:delay_enter=1ms']);
    expect(refused.stderr).toContain('DELAY needs a sleepable hook');
    expect(refused.exitCode).toBe(2);
    const missing = await inProject(bin('sct'), ['watch', '--backend', 'ebpf', '-e', 'trace=unlinkat'], { env: { SCT_WATCH_ADDON: '/nonexistent/sct_watch.node' } });
    expect(missing.stderr).toContain('[SCT_WATCH_UNAVAILABLE]');
    expect(missing.exitCode).toBe(125);
  });

  it("the README's vitest file passes with withFaults and the matchers", async () => {
    const r = await inProject(bin('vitest'), ['run', '--reporter=dot']);
    expect(r.all).toMatch(/Tests\s+1 passed/);
    expect(r.exitCode).toBe(0);
  });

  it("the README's scenario passes with `sct run` and is listed by `sct list`", async () => {
    const run = await inProject(bin('sct'), ['run', 'scenarios/app-config.ts']);
    expect(run.stdout).toContain('PASS app-config-eacces');
    expect(run.exitCode).toBe(0);
    const list = await inProject(bin('sct'), ['list']);
    expect(list.stdout).toContain('app-config-eacces');
  });

  it('explore finds the unguarded save, with a replay line and a reproducer that `sct run` fails the same way', async () => {
    const ex = await inProject(bin('sct'), ['explore', 'scenarios/app-config.ts', '--runs', '30', '--seed', '1', '--workers', '2']);
    expect(ex.exitCode).toBe(1);
    expect(ex.stdout).toContain('FAILED with openat[path="last-run.txt"]#1');
    expect(ex.stdout).toContain('replay: sct explore scenarios/app-config.ts --scenario app-config-eacces --seed 1 --path');
    expect(ex.stdout).toContain('reproducer: sct-explore/app-config-eacces.repro.ts');
    // The worker process loaded the user's scenario (else: "a worker process is not used, ...").
    expect(ex.stdout).toMatch(/workers: \d+ runs in 1 worker process\(es\)/);
    expect(ex.all).not.toContain('a worker process is not used');
    const repro = readFileSync(join(project, 'sct-explore/app-config-eacces.repro.ts'), 'utf8');
    expect(repro).toContain("from \"syscalltrack\"");
    const again = await inProject(bin('sct'), ['run', 'sct-explore/app-config-eacces.repro.ts']);
    expect(again.stdout).toContain('FAIL app-config-eacces-repro');
    expect(again.stdout).toContain('exit: expected 0, but the target exited with 1');
    expect(again.exitCode).toBe(1);
  });

  it('in a CommonJS project (package.json "type": "commonjs", as npm init writes it) the same scenario passes, and explore\'s reproducer loads', async () => {
    const cjs = join(project, 'cjs-project');
    mkdirSync(join(cjs, 'scenarios'), { recursive: true });
    writeFileSync(join(cjs, 'package.json'), JSON.stringify({ name: 'cjs-project', private: true, type: 'commonjs' }, null, 2));
    for (const f of ['app.mjs', 'scenarios/app-config.ts']) copyFileSync(join(project, f), join(cjs, f));
    const run = await inProject(bin('sct'), ['run', 'scenarios/app-config.ts'], { cwd: cjs });
    expect(run.all).not.toContain('SCT_SCENARIO_LOAD');
    expect(run.stdout).toContain('PASS app-config-eacces');
    expect(run.exitCode).toBe(0);
    const ex = await inProject(bin('sct'), ['explore', 'scenarios/app-config.ts', '--runs', '30', '--seed', '1', '--workers', '2'], { cwd: cjs });
    expect(ex.stdout).toContain('FAILED with openat[path="last-run.txt"]#1');
    expect(ex.stdout).toMatch(/workers: \d+ runs in 1 worker process\(es\)/);
    expect(ex.exitCode).toBe(1);
    const again = await inProject(bin('sct'), ['run', 'sct-explore/app-config-eacces.repro.ts'], { cwd: cjs });
    expect(again.all).not.toContain('no longer exports');
    expect(again.stdout).toContain('FAIL app-config-eacces-repro');
    expect(again.stdout).toContain('exit: expected 0, but the target exited with 1');
    expect(again.exitCode).toBe(1);
  });

  it("explore() from TypeScript through 'syscalltrack/explore' (docs/explore.md)", async () => {
    const script = join(project, 'explore-api.mjs');
    writeFileSync(script, [
      "import { explore } from 'syscalltrack/explore';",
      "import { loadScenarioFile } from 'syscalltrack';",
      "const [s] = await loadScenarioFile('scenarios/app-config.ts');",
      'const r = await explore(s, { runs: 30, seed: 1, workers: 1 });',
      'console.log(r.counterexample ? `found ${r.counterexample.reasons.length} reason(s)` : "none");',
    ].join('\n'));
    const r = await inProject(process.execPath, [script]);
    expect(r.all).toContain('found');
    expect(r.exitCode).toBe(0);
  });
  it('`sct crash` on a user scenario finds the unsynced save, and crash() works through \'syscalltrack/crash\' (docs/crash.md)', async () => {
    mkdirSync(join(project, 'crash'), { recursive: true });
    // The package's own demo target, as a user's scenario names its program.
    writeFileSync(join(project, 'crash/save.ts'), [
      "import { defineScenario } from 'syscalltrack';",
      'export default defineScenario({',
      "  name: 'user-save',",
      "  target: { c: '../node_modules/syscalltrack/scenarios/targets/crash-save.c', files: { data: 'v1\\n' } },",
      "  rules: [], expect: { exit: 0, stdout: 'saved' },",
      "  crash: { check: (s) => { const d = s.read('data'); if (d !== 'v1\\n' && d !== 'v2\\n') return `data is ${JSON.stringify(d)}`; } },",
      '});',
    ].join('\n'));
    const r = await inProject(bin('sct'), ['crash', 'crash/save.ts', '--seed', '1']);
    expect(r.exitCode, String(r.all)).toBe(1);
    expect(r.stdout).toContain('#2 write(data.tmp, 3 bytes at 0) never synced: lost');
    expect(readFileSync(join(project, 'sct-crash/user-save.reorder.state.json'), 'utf8')).toContain('sct-crash-state');
    const script = join(project, 'crash-api.mjs');
    writeFileSync(script, [
      "import { crash } from 'syscalltrack/crash';",
      "import { loadScenarioFile } from 'syscalltrack';",
      "const [s] = await loadScenarioFile('crash/save.ts');",
      "const r = await crash(s, { models: ['process', 'reorder'] });",
      "console.log(r.models.map((m) => `${m.model}: ${m.violation ? 'violated' : 'ok'}`).join(', '));",
    ].join('\n'));
    const api = await inProject(process.execPath, [script]);
    expect(String(api.stdout).trim(), String(api.all)).toBe('process: ok, reorder: violated');
  });
});
