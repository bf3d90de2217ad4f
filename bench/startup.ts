// `npm run bench:startup`: how long sct's commands take to start, next to `node -e 0` in the same
// run. A test suite that calls `sct run` hundreds of times, and every explore worker, pays this.
// Each round runs every command once, in an order rotated every round so that a drift of the
// machine's load favours none; the table gives each command's median and the median of its
// per-round ratios to `node -e 0`, against the goal of issue #11. Asserts nothing.
//
//   npx tsx bench/startup.ts [--rounds 21] [--before DIR]
//
// `sct run my.ts` runs a scenario file in a temporary project that imports `syscalltrack` by name
// (node_modules/syscalltrack is a link to this checkout), as a user's scenario does. --before DIR
// adds the same commands run from another build of the package (a checkout or an unpacked
// tarball, built), taking turns with this one, for before/after figures from one run.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: o } = parseArgs({
  options: {
    rounds: { type: 'string', default: '21' },
    before: { type: 'string' },
  },
});
const rounds = Number(o.rounds);
if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error(`Expected \`--rounds\` to be a positive integer, got \`${o.rounds}\``);

/** A temporary project whose node_modules/syscalltrack is `pkg`, with a rule file and a scenario file. */
function userProject(pkg: string): string {
  const project = mkdtempSync(join(tmpdir(), 'sct-bench-startup-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(pkg, join(project, 'node_modules', 'syscalltrack'));
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(project, 'rules.sct'), 'rule\n{\n  syscall_name = openat\n  action {\n    type = FAIL\n    error = EACCES\n  }\n}\n');
  writeFileSync(
    join(project, 'my.ts'),
    `import { defineScenario, rule } from 'syscalltrack';
export default defineScenario({
  name: 'true-under-a-rule',
  target: { command: 'true' },
  rules: [rule.before('getppid').fail('EPERM')],
  expect: { exit: 0 },
});
`,
  );
  return project;
}

interface Case {
  name: string;
  args: string[];
  cwd: string;
  goal: number;
}
const builds: [label: string, pkg: string][] = [['', root], ...(o.before ? [[' (before)', resolve(o.before)] as [string, string]] : [])];
const projects = builds.map(([, pkg]) => userProject(pkg));
const cases: Case[] = [{ name: 'node -e 0', args: ['-e', '0'], cwd: projects[0]!, goal: 1 }];
builds.forEach(([label, pkg], b) => {
  const sct = join(pkg, 'dist/harness/src/cli/main.js');
  const cwd = projects[b]!;
  cases.push(
    { name: `sct --version${label}`, args: [sct, '--version'], cwd, goal: 1.5 },
    { name: `sct config check FILE${label}`, args: [sct, 'config', 'check', '-q', 'rules.sct'], cwd, goal: 1.5 },
    { name: `sct run -- true${label}`, args: [sct, 'run', '--', 'true'], cwd, goal: 2.5 },
    { name: `sct run my.ts${label}`, args: [sct, 'run', 'my.ts'], cwd, goal: 3 },
  );
});
const node = process.execPath;

const ms: number[][] = cases.map(() => []);
for (const c of cases) {
  // Once before timing: the file cache is warm, and a command that fails is shown, not timed.
  const r = spawnSync(node, c.args, { cwd: c.cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`\`${c.name}\` exited ${r.status}:\n${r.stderr}`);
}
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < cases.length; k++) {
    const i = (k + round) % cases.length;
    const t = process.hrtime.bigint();
    spawnSync(node, cases[i]!.args, { cwd: cases[i]!.cwd, stdio: 'ignore' });
    ms[i]!.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
}
for (const p of projects) rmSync(p, { recursive: true, force: true });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`start-up, ${rounds} rounds, medians (ms and the median per-round ratio to \`node -e 0\`):\n`);
console.log('| command | ms | x node -e 0 | goal |');
console.log('|---|---:|---:|---:|');
cases.forEach((c, i) => {
  const ratio = median(ms[i]!.map((t, r) => t / ms[0]![r]!));
  const mark = i === 0 ? '' : ratio <= c.goal ? ' (met)' : ' (not met)';
  console.log(`| ${c.name} | ${median(ms[i]!).toFixed(1)} | ${ratio.toFixed(2)} | ${i === 0 ? '' : `<= ${c.goal}${mark}`} |`);
});
