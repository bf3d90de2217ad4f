// PATH lookup as execvp(3) does it: the one search both the launcher (native.ts, a bare file name
// given to launchNative) and runWithRules (run/resolve-command.ts, with its typed errors) use.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** Why `path` cannot be run: 'missing', a reason for a directory or a non-executable file, or 'ok'. */
export function checkExecutable(path: string): 'ok' | 'missing' | string {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 'missing';
  }
  if (st.isDirectory()) return 'it is a directory';
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return 'permission denied (not executable)';
  }
  return 'ok';
}

export interface PathSearch {
  /** The first directory's match that can be run. */
  found?: string;
  /** Every candidate tried, in order. */
  tried: string[];
  /** The first candidate that exists but cannot be run, and why. */
  firstProblem?: { path: string; reason: string };
}

/** Searches `pathVar` (PATH's value; empty entries are the cwd, as execvp takes them) for `command`. */
export function searchPath(command: string, pathVar: string, cwd: string): PathSearch {
  const out: PathSearch = { tried: [] };
  for (const dir of pathVar.split(delimiter).map((d) => resolve(cwd, d || '.'))) {
    const path = join(dir, command);
    out.tried.push(path);
    const r = checkExecutable(path);
    if (r === 'ok') return { ...out, found: path };
    if (r !== 'missing') out.firstProblem ??= { path, reason: r };
  }
  return out;
}

/** PATH when the environment has none: execvp's default. */
export const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';
