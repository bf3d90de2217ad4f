// Step 4's file: a scenario that runs the minimal schedule on its own. It imports the explored
// scenario by name from its file (a default export, `scenarios`, or any exported scenario),
// keeps its target (with the program's path made absolute-from-here), its rules and its
// expectations, and adds the guard and the schedule's rules after its own: the same rules, in the
// same order, as the explored run (evaluate.ts), so that `expect.injected` names and `#n` indices
// still point at the scenario's rules.

import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { harnessModule, packageRoot } from '../paths.js';
import { scenarioDir } from '../scenarios/target.js';
import type { Scenario } from '../scenarios/index.js';
import { scheduleSource } from './compile.js';
import { GUARD_RULE_SOURCE } from './guard.js';
import type { ExploreResult } from './explore.js';

/** An import specifier for `file` from `fromDir` (a .ts module is imported as .js, as the project's sources do). */
const spec = (fromDir: string, file: string, asModule = true): string => {
  const r = relative(fromDir, file);
  const s = asModule ? r.replace(/\.ts$/, '.js') : r;
  return s.startsWith('.') ? s : `./${s}`;
};

/** `syscalltrack` where a module in `outDir` resolves that name to this package (a user's project), else a path to it. */
function libraryImport(outDir: string): string {
  try {
    const found = createRequire(join(outDir, 'reproducer.js')).resolve('syscalltrack');
    if (realpathSync(found).startsWith(realpathSync(packageRoot()) + sep)) return 'syscalltrack';
  } catch {
    // not resolvable from there
  }
  return spec(outDir, harnessModule('index'));
}

function targetSource(s: Scenario, outDir: string): string {
  const t = s.target;
  const dir = scenarioDir(s);
  const key = t.c !== undefined ? 'c' : t.node !== undefined ? 'node' : 'command';
  const value = (t.c ?? t.node ?? t.command)!;
  if (key === 'command' && !value.startsWith('./') && !value.startsWith('../')) return 'base.target';
  const abs = isAbsolute(value) ? value : resolve(dir, value);
  return `{ ...base.target, ${key}: fileURLToPath(new URL(${JSON.stringify(spec(outDir, abs, false))}, import.meta.url)) }`;
}

export function reproducerSource(result: ExploreResult, outDir: string, command: string): string {
  const s = result.scenario;
  const cx = result.counterexample!;
  if (!s.file) throw new Error(`scenario '${s.name}' has no file to import it from`);
  const rules = scheduleSource(cx.schedule).map((r) => `    ${r},`).join('\n');
  const hang = s.expect.maxRunMs !== undefined ? `, maxRunMs: ${s.expect.maxRunMs}` : '';
  return `// Reproducer written by \`sct explore\` for scenario '${s.name}': the minimal fault schedule it
// found, as rules. Run it on its own: sct run ${relative(process.cwd(), resolve(outDir, `${s.name}.repro.ts`))}
// Replay the search: ${command} --seed ${result.seed} --path ${cx.path}
import { fileURLToPath } from 'node:url';
import { defineScenario, isScenario, rule, type Scenario } from ${JSON.stringify(libraryImport(outDir))};
import * as source from ${JSON.stringify(spec(outDir, s.file))};

// In a CommonJS project (package.json "type": "commonjs") the file's exports arrive wrapped once more, as \`default\`.
const wrapped: unknown = (source as { default?: unknown }).default;
const modules: object[] = [source, ...(wrapped && typeof wrapped === 'object' && !Array.isArray(wrapped) && !isScenario(wrapped) ? [wrapped] : [])];
const exported = modules.flatMap((m) => Object.values(m)).flatMap((x) => (Array.isArray(x) ? x : [x]));
const base = exported.find((x): x is Scenario => isScenario(x) && x.name === ${JSON.stringify(s.name)});
if (!base) throw new Error(${JSON.stringify(`${s.file} no longer exports a scenario named '${s.name}'`)});

export default defineScenario({
  name: ${JSON.stringify(`${s.name}-repro`)},
  description: ${JSON.stringify(`sct explore (seed ${result.seed}, path ${cx.path}): ${cx.schedule.length} fault(s) that break '${s.name}'`)},
  target: ${targetSource(s, outDir)},
  rules: [
    ...base.rules,
    // kill(2) of pid <= 0 fails: a faulted program must not signal every process (docs/explore.md).
    ${GUARD_RULE_SOURCE},
${rules}
  ],
  expect: { ...base.expect${hang} },
});
`;
}
