// Every subcommand, in the order `sct --help` lists them.
import type { Command } from 'commander';
import { registerConfig } from './config.js';

export function registerCommands(program: Command): void {
  registerConfig(program);
}
