// Every subcommand, in the order `sct --help` lists them.
import type { Command } from 'commander';
import { registerConfig } from './config.js';
import { registerExplore } from './explore.js';
import { registerKmod } from './kmod.js';
import { registerList } from './list.js';
import { registerResume } from './resume.js';
import { registerRun } from './run.js';
import { registerTrace } from './trace.js';

export function registerCommands(program: Command): void {
  registerConfig(program);
  registerList(program);
  registerRun(program);
  registerTrace(program);
  registerExplore(program);
  registerResume(program);
  registerKmod(program);
}
