// Scenario files: found by glob, imported at run time (TypeScript through tsx's API, so the
// compiled CLI needs no build step for them). A file's default export is a scenario or a list
// of them; a named export `scenarios` may add more.

import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import { isScenario } from './define.js';
import { ScenarioLoadError } from './errors.js';
import type { Scenario } from './types.js';

export const DEFAULT_SCENARIO_GLOBS = ['scenarios/**/*.ts'] as const;
export const SCENARIO_IGNORE = ['**/targets/**', '**/node_modules/**', '**/*.d.ts'] as const;

/** Files matching `patterns` (relative to `cwd`), sorted; a plain path is taken as it is. */
export async function findScenarioFiles(patterns: readonly string[] = DEFAULT_SCENARIO_GLOBS, cwd = process.cwd()): Promise<string[]> {
  const files = await glob([...patterns], { cwd, absolute: true, ignore: [...SCENARIO_IGNORE], onlyFiles: true });
  return [...new Set(files)].sort();
}

type ScopedImport = (specifier: string) => Promise<unknown>;
let tsLoader: Promise<ScopedImport> | undefined;

/**
 * tsx's loader, registered once per process for the whole process (not in a namespace of its
 * own): a scenario's `import ... from 'syscalltrack'` then resolves to the very modules this
 * process runs (one copy of the harness, not a second one compiled in the namespace), and files
 * share one module graph, so what they import is transformed once (tsImport() per file made
 * `sct list` take seconds).
 */
function typescriptImport(): Promise<ScopedImport> {
  tsLoader ??= Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]).then(([esm, cjs]) => {
    esm.register();
    // Also the require() hook, as the tsx CLI does: in a project whose package.json says
    // "type": "commonjs" (npm init's default), Node loads a scenario .ts file as CommonJS, and
    // without the hook its `import` lines end in ERR_REQUIRE_CYCLE_MODULE (Node 20.19+).
    cjs.register();
    return (specifier: string) => import(specifier);
  });
  return tsLoader;
}

async function importFile(file: string): Promise<Record<string, unknown>> {
  if (/\.[mc]?ts$/.test(file)) {
    const scoped = await typescriptImport();
    return (await scoped(pathToFileURL(file).href)) as Record<string, unknown>;
  }
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/**
 * Every scenario `file` exports. A scenario keeps the file that declared it (a factory may live
 * in another scenario file; its targets are relative to that one); others get `file`.
 */
export async function loadScenarioFile(path: string, cwd = process.cwd()): Promise<Scenario[]> {
  const file = isAbsolute(path) ? path : resolve(cwd, path);
  let mod: Record<string, unknown>;
  try {
    mod = await importFile(file);
  } catch (error) {
    throw new ScenarioLoadError(`cannot load the scenario file \`${file}\`: ${(error as Error).message}`, file, { cause: error });
  }
  const found = [mod.default, mod.scenarios].flatMap((x) => (Array.isArray(x) ? x : x === undefined ? [] : [x]));
  // tsx may wrap a default export once more (CommonJS interop).
  const unwrapped = found.flatMap((x) => (isScenario(x) ? [x] : isScenario((x as { default?: unknown })?.default) ? [(x as { default: Scenario }).default] : []));
  if (unwrapped.length === 0) {
    throw new ScenarioLoadError(`\`${file}\` exports no scenario: make its default export \`defineScenario({...})\` (or a list of them)`, file);
  }
  return unwrapped.map((s) => ({ ...s, file: s.file ?? file }));
}

/** All scenarios of all `files`, in file order. */
export async function loadScenarioFiles(files: readonly string[], cwd = process.cwd()): Promise<Scenario[]> {
  const lists = await Promise.all(files.map((f) => loadScenarioFile(f, cwd)));
  return lists.flat();
}
