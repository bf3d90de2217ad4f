// PATH lookup as execvp(3) does it, done before launching so that a missing program is a clear
// error instead of a child that exits 127.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { CommandNotExecutableError, CommandNotFoundError } from './errors.js';

function check(command: string, path: string): 'ok' | 'missing' | string {
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
  void command;
  return 'ok';
}

/** The absolute path `command` runs, searching `PATH` (from `env`) when it has no slash. */
export function resolveCommand(command: string, env: Record<string, string | undefined>, cwd: string): string {
  if (command === '') throw new CommandNotFoundError(command, []);
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    const r = check(command, path);
    if (r === 'missing') throw new CommandNotFoundError(command, [path]);
    if (r !== 'ok') throw new CommandNotExecutableError(command, path, r);
    return path;
  }
  const dirs = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter).map((d) => resolve(cwd, d || '.'));
  const tried: string[] = [];
  let firstProblem: { path: string; reason: string } | undefined;
  for (const dir of dirs) {
    const path = join(dir, command);
    tried.push(path);
    const r = check(command, path);
    if (r === 'ok') return path;
    if (r !== 'missing') firstProblem ??= { path, reason: r };
  }
  if (firstProblem) throw new CommandNotExecutableError(command, firstProblem.path, firstProblem.reason);
  throw new CommandNotFoundError(command, tried);
}
