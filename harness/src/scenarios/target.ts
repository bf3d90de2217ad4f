// From a scenario's target to what the engine runs: the program's path, its arguments, the
// environment, and a fresh work directory holding the target's files.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { buildCTarget } from './c-targets.js';
import type { Scenario } from './types.js';

export interface PreparedTarget {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  workDir: string;
  input?: string;
  timeoutMs?: number;
}

/** The directory relative names resolve against: the scenario file's, else `baseDir`, else cwd. */
export function scenarioDir(s: Scenario, baseDir?: string): string {
  return baseDir ?? (s.file ? dirname(s.file) : process.cwd());
}

const relative = (p: string): boolean => p.startsWith('./') || p.startsWith('../');

export async function prepareTarget(s: Scenario, baseDir?: string): Promise<PreparedTarget> {
  const t = s.target;
  const dir = scenarioDir(s, baseDir);
  let command: string;
  let args = [...(t.args ?? [])];
  if (t.c !== undefined) command = await buildCTarget(resolve(dir, t.c), t.defines ?? []);
  else if (t.node !== undefined) {
    command = process.execPath;
    args = [resolve(dir, t.node), ...args];
  } else command = relative(t.command) ? resolve(dir, t.command) : t.command;
  const workDir = mkdtempSync(join(tmpdir(), `sct-scenario-${s.name.replace(/\W+/g, '_').slice(0, 40)}-`));
  for (const [path, text] of Object.entries(t.files ?? {})) {
    const full = resolve(workDir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return {
    command,
    args,
    env: { ...process.env, ...t.env },
    cwd: t.cwd === undefined ? workDir : isAbsolute(t.cwd) ? t.cwd : resolve(workDir, t.cwd),
    workDir,
    ...(t.stdin !== undefined ? { input: t.stdin } : {}),
    ...(t.timeoutMs !== undefined ? { timeoutMs: t.timeoutMs } : {}),
  };
}
