// PATH lookup as execvp(3) does it, done before launching so that a missing program is a clear
// error instead of a child that exits 127.

import { isAbsolute, resolve } from 'node:path';
import { checkExecutable, DEFAULT_PATH, searchPath } from '../path-search.js';
import { CommandNotExecutableError, CommandNotFoundError } from './errors.js';

/** The absolute path `command` runs, searching `PATH` (from `env`) when it has no slash. */
export function resolveCommand(command: string, env: Record<string, string | undefined>, cwd: string): string {
  if (command === '') throw new CommandNotFoundError(command, []);
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    const r = checkExecutable(path);
    if (r === 'missing') throw new CommandNotFoundError(command, [path]);
    if (r !== 'ok') throw new CommandNotExecutableError(command, path, r);
    return path;
  }
  const { found, tried, firstProblem } = searchPath(command, env.PATH ?? DEFAULT_PATH, cwd);
  if (found !== undefined) return found;
  if (firstProblem) throw new CommandNotExecutableError(command, firstProblem.path, firstProblem.reason);
  throw new CommandNotFoundError(command, tried);
}
