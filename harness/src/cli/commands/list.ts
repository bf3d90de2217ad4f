// `sct list [globs...]`: the scenarios the files declare, with their descriptions.

import type { Command } from 'commander';
import { DESCRIPTIONS } from './descriptions.js';
import { relative } from 'node:path';
import { UsageError } from '../../errors.js';
import { DEFAULT_SCENARIO_GLOBS, findScenarioFiles, loadScenarioFile } from '../../scenarios/index.js';
import { EXIT } from '../exit.js';

export async function listScenarios(globs: readonly string[], write: (text: string) => void, cwd = process.cwd()): Promise<number> {
  const files = await findScenarioFiles(globs.length ? globs : DEFAULT_SCENARIO_GLOBS, cwd);
  if (files.length === 0) throw new UsageError(`Expected scenario files, got none matching \`${(globs.length ? globs : DEFAULT_SCENARIO_GLOBS).join(' ')}\``);
  const rows: [string, string, string][] = [];
  let failed = 0;
  for (const file of files) {
    try {
      for (const s of await loadScenarioFile(file, cwd)) rows.push([s.name, s.description, relative(cwd, file)]);
    } catch (error) {
      failed++;
      process.stderr.write(`sct: ${(error as Error).message}\n`);
    }
  }
  const width = Math.max(...rows.map((r) => r[0].length), 0);
  for (const [name, description, file] of rows) write(`${name.padEnd(width)}  ${description}  (${file})\n`);
  return failed > 0 ? EXIT.CHECK_FAILED : EXIT.OK;
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description(DESCRIPTIONS.list)
    .argument('[globs...]', 'scenario files or glob patterns')
    .action(async (globs: string[]) => {
      process.exitCode = await listScenarios(globs, (t) => void process.stdout.write(t));
    });
}
