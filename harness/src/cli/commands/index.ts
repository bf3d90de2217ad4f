// Every subcommand, in the order `sct --help` lists them.
import type { Command } from 'commander';
import { registerConfig } from './config.js';
import { registerRun } from './run.js';
import { registerTrace } from './trace.js';

export function registerCommands(program: Command): void {
  registerConfig(program);
  registerRun(program);
  registerTrace(program);
}
