// defineScenario(): checks a scenario's shape and its rules up front, so that a mistake is
// reported when the file loads, naming the field, not halfway through a run.

import { checkBuilt } from '../rules/builder/index.js';
import { closest } from '../rules/check/suggest.js';
import { signalByName } from '../tables/index.js';
import { callerFile } from './caller-file.js';
import { ScenarioDefinitionError } from './errors.js';
import type { CrashSpec, Expectations, Scenario, ScenarioInput, ScenarioTarget, Times } from './types.js';

const describe = (v: unknown): string => `\`${typeof v === 'string' ? JSON.stringify(v) : String(v)}\` (${v === null ? 'null' : typeof v})`;

function fail(name: string, field: string, what: string, value: unknown): never {
  throw new ScenarioDefinitionError(`scenario '${name}': expected \`${field}\` to be ${what}, got ${describe(value)}`);
}

// The keys each object of a scenario may have: anything else is a typo that would silently drop
// an expectation (`expected:` for `expect:`), so it is refused by name.
const KEYS = {
  '': ['name', 'description', 'target', 'rules', 'expect', 'crash'],
  'target.': ['command', 'c', 'node', 'defines', 'args', 'env', 'cwd', 'stdin', 'timeoutMs', 'files'],
  'expect.': ['exit', 'signal', 'stdout', 'stderr', 'files', 'maxRunMs', 'injected', 'check'],
  'crash.': ['paths', 'recover', 'files', 'check'],
  'crash.recover.': ['command', 'args', 'env', 'timeoutMs'],
} as const;

function checkKeys(name: string, prefix: keyof typeof KEYS, obj: object): void {
  const known: readonly string[] = KEYS[prefix];
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    const hint = guess !== undefined ? `did you mean \`${prefix}${guess}\`?` : `expected one of ${known.map((k) => `\`${k}\``).join(', ')}`;
    throw new ScenarioDefinitionError(`scenario '${name}': unknown key \`${prefix}${key}\`; ${hint}`);
  }
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

function checkTarget(name: string, t: ScenarioTarget): void {
  if (typeof t !== 'object' || t === null) fail(name, 'target', 'an object', t);
  const kinds = (['command', 'c', 'node'] as const).filter((k) => t[k] !== undefined);
  checkKeys(name, 'target.', t);
  if (kinds.length !== 1) fail(name, 'target', 'an object with exactly one of `command`, `c`, `node`', kinds.join(', ') || 'none');
  const k = kinds[0]!;
  if (typeof t[k] !== 'string' || t[k] === '') fail(name, `target.${k}`, 'a non-empty string', t[k]);
  if (t.args !== undefined && !(Array.isArray(t.args) && t.args.every((a) => typeof a === 'string'))) fail(name, 'target.args', 'an array of strings', t.args);
  if (t.timeoutMs !== undefined && !(isCount(t.timeoutMs) && t.timeoutMs > 0)) fail(name, 'target.timeoutMs', 'a positive integer', t.timeoutMs);
}

function checkTimes(name: string, field: string, t: Times): void {
  if (isCount(t)) return;
  if (typeof t === 'object' && t !== null && (t.min === undefined || isCount(t.min)) && (t.max === undefined || isCount(t.max))) return;
  fail(name, field, 'a count or { min, max }', t);
}

function checkExpect(name: string, e: Expectations, ruleNames: ReadonlySet<string>, ruleCount: number): void {
  if (typeof e !== 'object' || e === null) fail(name, 'expect', 'an object', e);
  checkKeys(name, 'expect.', e);
  const x = e.exit;
  if (x !== undefined && x !== 'any-non-crash' && !isIntOrList(x)) fail(name, 'expect.exit', "an exit code, a list of them, or 'any-non-crash'", x);
  if (e.signal !== undefined && e.signal !== 'none' && signalByName(e.signal) === undefined) fail(name, 'expect.signal', "'none' or a signal name such as 'SIGSEGV'", e.signal);
  if (e.maxRunMs !== undefined && !(isCount(e.maxRunMs) && e.maxRunMs > 0)) fail(name, 'expect.maxRunMs', 'a positive integer (ms)', e.maxRunMs);
  for (const [key, times] of Object.entries(e.injected ?? {})) {
    const index = /^#(\d+)$/.exec(key);
    const known = index ? Number(index[1]) >= 1 && Number(index[1]) <= ruleCount : ruleNames.has(key);
    if (!known) fail(name, `expect.injected['${key}']`, `a rule name (${[...ruleNames].map((n) => `'${n}'`).join(', ') || 'no rule is named'}) or #1..#${ruleCount}`, key);
    checkTimes(name, `expect.injected['${key}']`, times);
  }
  if (e.check !== undefined && typeof e.check !== 'function') fail(name, 'expect.check', 'a function', e.check);
}

function checkCrash(name: string, c: CrashSpec): void {
  if (typeof c !== 'object' || c === null) fail(name, 'crash', 'an object', c);
  checkKeys(name, 'crash.', c);
  const strings = (v: unknown): boolean => Array.isArray(v) && v.every((a) => typeof a === 'string');
  if (c.paths !== undefined && !(strings(c.paths) && c.paths.length > 0 && c.paths.every((p) => p !== '' && !p.startsWith('/') && !p.split('/').includes('..')))) {
    fail(name, 'crash.paths', 'a non-empty array of paths inside the work directory (relative, no `..`)', c.paths);
  }
  const r = c.recover;
  if (r !== undefined) {
    if (typeof r !== 'object' || r === null) fail(name, 'crash.recover', 'an object { command, args? }', r);
    checkKeys(name, 'crash.recover.', r);
    if (typeof r.command !== 'string' || r.command === '') fail(name, 'crash.recover.command', 'a non-empty string', r.command);
    if (r.args !== undefined && !strings(r.args)) fail(name, 'crash.recover.args', 'an array of strings', r.args);
    if (r.timeoutMs !== undefined && !(isCount(r.timeoutMs) && r.timeoutMs > 0)) fail(name, 'crash.recover.timeoutMs', 'a positive integer', r.timeoutMs);
  }
  if (c.files !== undefined && (typeof c.files !== 'object' || c.files === null)) fail(name, 'crash.files', 'an object: path -> expectation', c.files);
  if (c.check !== undefined && typeof c.check !== 'function') fail(name, 'crash.check', 'a function', c.check);
  if (c.files === undefined && c.check === undefined) fail(name, 'crash', 'an object with `files` or `check` (what every crash state must satisfy)', 'neither');
}

function isIntOrList(x: unknown): boolean {
  const ok = (n: unknown): boolean => isCount(n) && n <= 255;
  return ok(x) || (Array.isArray(x) && x.length > 0 && x.every(ok));
}

export function defineScenario(input: ScenarioInput): Scenario {
  const name = input?.name;
  if (typeof name !== 'string' || !/^[\w.:/@+-]+$/.test(name)) fail(String(name), 'name', 'a name of letters, digits and -_.:/@+', name);
  checkKeys(name, '', input);
  if (input.description !== undefined && typeof input.description !== 'string') fail(name, 'description', 'a string', input.description);
  checkTarget(name, input.target);
  if (!Array.isArray(input.rules)) fail(name, 'rules', 'an array of rules', input.rules);
  let rules;
  try {
    rules = checkBuilt(input.rules);
  } catch (error) {
    throw new ScenarioDefinitionError(`scenario '${name}': invalid rules:\n${(error as Error).message}`, { cause: error });
  }
  const names = new Set(rules.flatMap((r) => (r.name === undefined ? [] : [r.name])));
  checkExpect(name, input.expect, names, rules.length);
  if (input.crash !== undefined) checkCrash(name, input.crash);
  const file = callerFile();
  return {
    kind: 'sct-scenario',
    name,
    description: input.description ?? '',
    target: input.target,
    rules,
    expect: input.expect,
    ...(input.crash !== undefined ? { crash: input.crash } : {}),
    ...(file !== undefined ? { file } : {}),
  };
}

export function isScenario(x: unknown): x is Scenario {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'sct-scenario';
}
