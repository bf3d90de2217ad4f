// Loads the addon (sct_native.node, found by ../addon.ts) and wraps it with argument
// validation. Everything else in the harness imports from here, never the raw binding.

import { isAbsolute, join } from 'node:path';
import { loadAddon, NATIVE_ADDON } from '../addon.js';
import { DEFAULT_PATH, searchPath } from './path-search.js';
import { LaunchError, SctError, UsageError } from '../errors.js';
import type { LaunchOptions, NativeRule, RawBinding, Supervisor } from './native-binding.js';
import type { ProgFault } from '../filter/index.js';

export type * from './native-binding.js';

/** The addon cannot be loaded; the message lists every path tried and what to do. */
export { AddonLoadError as NativeLoadError } from '../addon.js';

/** Bad argument to a native wrapper; the message names the option and the value. */
export class NativeArgumentError extends UsageError {}

let binding: RawBinding | undefined;

/** The raw addon, loaded once. Throws NativeLoadError (addon.ts: every path tried, and why). */
export function loadNative(): RawBinding {
  return (binding ??= loadAddon<RawBinding>(NATIVE_ADDON, 'SCT_NATIVE_LOAD'));
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `\`${value}n\` (bigint)`;
  if (typeof value === 'string') return `\`${JSON.stringify(value)}\` (string)`;
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `\`${String(value)}\` (${value === null ? 'null' : typeof value})`;
}

function expect(ok: boolean, option: string, what: string, value: unknown): void {
  if (!ok) throw new NativeArgumentError(`Expected the \`${option}\` option to be ${what}, got ${describe(value)}`);
}

const isInt = (v: unknown, min = 0): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

function validateRule(rule: NativeRule, i: number): void {
  const at = `rules[${i}]`;
  expect(isInt(rule.id), `${at}.id`, 'a non-negative integer', rule.id);
  expect([1, 2, 3].includes(rule.tier), `${at}.tier`, '1, 2 or 3', rule.tier);
  expect(rule.phase === 0 || rule.phase === 1, `${at}.phase`, '0 or 1', rule.phase);
  expect(Array.isArray(rule.nrs) && rule.nrs.every((n) => isInt(n)), `${at}.nrs`, 'an array of syscall numbers', rule.nrs);
  expect(Array.isArray(rule.compatNrs) && rule.compatNrs.every((n) => isInt(n)), `${at}.compatNrs`, 'an array of syscall numbers', rule.compatNrs);
  expect(rule.prog instanceof Uint8Array, `${at}.prog`, 'a Uint8Array', rule.prog);
  const a = rule.action;
  expect(typeof a === 'object' && a !== null && isInt(a.type) && a.type <= 10, `${at}.action.type`, 'a NativeActionType', a?.type);
  if (a.errno !== undefined) expect(isInt(a.errno, 1) && a.errno < 4096, `${at}.action.errno`, 'an errno between 1 and 4095', a.errno);
  if (a.us !== undefined) expect(isInt(a.us), `${at}.action.us`, 'a non-negative integer', a.us);
  if (a.signal !== undefined) expect(isInt(a.signal, 1) && a.signal < 65, `${at}.action.signal`, 'a signal number', a.signal);
  if (a.arg !== undefined) expect(isInt(a.arg) && a.arg < 6, `${at}.action.arg`, 'an argument index 0-5', a.arg);
  if (a.value !== undefined) expect(typeof a.value === 'bigint', `${at}.action.value`, 'a bigint', a.value);
  const t = rule.trigger;
  expect(typeof t === 'object' && t !== null, `${at}.trigger`, 'an object', t);
  expect(isInt(t.first, 1), `${at}.trigger.first`, 'a positive integer', t.first);
  expect(isInt(t.last) && (t.last === 0 || t.last >= t.first), `${at}.trigger.last`, '0 or at least `first`', t.last);
  expect(isInt(t.step, 1), `${at}.trigger.step`, 'a positive integer', t.step);
  expect(typeof t.p === 'number' && t.p >= 0 && t.p <= 1, `${at}.trigger.p`, 'a probability in [0, 1]', t.p);
  expect(isInt(t.seed), `${at}.trigger.seed`, 'a non-negative integer', t.seed);
  expect(isInt(t.max), `${at}.trigger.max`, 'a non-negative integer', t.max);
  expect(t.scope === 0 || t.scope === 1 || t.scope === 2, `${at}.trigger.scope`, '0, 1 or 2', t.scope);
}

/** Resolves a program name without a slash along PATH (from envp, else this process's). */
export function resolveProgram(file: string, envp: string[]): string {
  if (file.includes('/')) return file;
  const pathVar = envp.find((e) => e.startsWith('PATH='))?.slice(5) ?? process.env.PATH ?? DEFAULT_PATH;
  // Not found: execve reports ENOENT, which becomes a LaunchError.
  return searchPath(file, pathVar, process.cwd()).found ?? file;
}

/** Starts a target under the supervisor. Throws NativeArgumentError or LaunchError. */
export function launchNative(opts: LaunchOptions): Supervisor {
  expect(typeof opts === 'object' && opts !== null, 'options', 'an object', opts);
  expect(typeof opts.file === 'string' && opts.file.length > 0, 'file', 'a non-empty string', opts.file);
  expect(Array.isArray(opts.argv) && opts.argv.length > 0 && opts.argv.every((s) => typeof s === 'string'), 'argv', 'a non-empty array of strings', opts.argv);
  expect(Array.isArray(opts.envp) && opts.envp.every((s) => typeof s === 'string'), 'envp', 'an array of strings', opts.envp);
  expect(typeof opts.cwd === 'string' && isAbsolute(opts.cwd), 'cwd', 'an absolute path', opts.cwd);
  expect(Array.isArray(opts.stdio) && opts.stdio.length === 3 && opts.stdio.every((fd) => isInt(fd, -1)), 'stdio', 'three fds (or -1)', opts.stdio);
  expect(opts.bpf instanceof Uint8Array && opts.bpf.length % 8 === 0 && opts.bpf.length <= 4096 * 8, 'bpf', 'a Uint8Array of struct sock_filter (8 bytes each, at most 4096)', opts.bpf);
  expect(Array.isArray(opts.rules), 'rules', 'an array', opts.rules);
  opts.rules.forEach(validateRule);
  expect(isInt(opts.timeoutMs), 'timeoutMs', 'a non-negative integer', opts.timeoutMs);
  expect(typeof opts.onEvents === 'function', 'onEvents', 'a function', opts.onEvents);
  expect(typeof opts.onExit === 'function', 'onExit', 'a function', opts.onExit);
  const file = resolveProgram(opts.file, opts.envp);
  try {
    return loadNative().launch({ ...opts, file });
  } catch (err) {
    const e = err as Error & { code?: string; errno?: number; syscall?: string };
    if (e instanceof SctError || typeof e?.code !== 'string') throw err;
    if (e.code === 'SCT_USAGE') throw new NativeArgumentError(e.message, { cause: err });
    throw new LaunchError(e.message, { code: e.code, file, errno: e.errno, syscall: e.syscall, cause: err });
  }
}

export function nativeFeatures(): Record<string, boolean> {
  return loadNative().features();
}

/** The one program checker (include/sct/prog_check.h, in the addon): null when the program is valid. */
export function progCheck(prog: Uint8Array): ProgFault | null {
  expect(prog instanceof Uint8Array, 'prog', 'a Uint8Array', prog);
  return loadNative().progCheck(prog);
}

export function evalProg(prog: Uint8Array, input: Parameters<RawBinding['evalProg']>[1]): boolean {
  expect(prog instanceof Uint8Array, 'prog', 'a Uint8Array', prog);
  expect(typeof input === 'object' && input !== null && Array.isArray(input.args), 'input.args', 'an array of bigints', input?.args);
  return loadNative().evalProg(prog, input);
}
