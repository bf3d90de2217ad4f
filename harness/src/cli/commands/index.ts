// Every subcommand, in the order `sct --help` lists them, and the module that defines it. A
// command's module (its options, and all that its action imports: the parser, the tables, the
// engine, the addon) is imported only when that command runs, so `sct --version` or
// `sct config check` load none of the others.
//
// The program first holds a light stand-in per command (name and description, for `sct --help`).
// When one is chosen, its module registers the real command on a fresh program, which parses the
// same command line again: options, `--help`, errors and exit codes are the real command's.

import type { Command } from 'commander';
import { DESCRIPTIONS, type CommandName } from './descriptions.js';

type Register = (program: Command) => void;

interface CommandEntry {
  name: CommandName;
  load: () => Promise<Register>;
}

const kmod = async (): Promise<Register> => (await import('./kmod.js')).registerKmod;

/** In the order `sct --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'config', load: async () => (await import('./config.js')).registerConfig },
  { name: 'list', load: async () => (await import('./list.js')).registerList },
  { name: 'run', load: async () => (await import('./run.js')).registerRun },
  { name: 'trace', load: async () => (await import('./trace.js')).registerTrace },
  { name: 'explore', load: async () => (await import('./explore.js')).registerExplore },
  { name: 'crash', load: async () => (await import('./crash.js')).registerCrash },
  { name: 'watch', load: async () => (await import('./watch.js')).registerWatch },
  { name: 'resume', load: async () => (await import('./resume.js')).registerResume },
  { name: 'load', load: kmod },
  { name: 'clear', load: kmod },
  { name: 'rules', load: kmod },
  { name: 'log', load: kmod },
];

/**
 * Adds a stand-in for every command to `program`. `makeProgram` builds a fresh program with the
 * same settings; `argv` is the command line, parsed again by the real command.
 */
export function registerCommands(program: Command, makeProgram: () => Command, argv: readonly string[]): void {
  const real = async (entry: CommandEntry, args: readonly string[]): Promise<void> => {
    const sub = makeProgram();
    (await entry.load())(sub);
    await sub.parseAsync([...args]);
  };
  for (const entry of COMMANDS) {
    program
      .command(entry.name)
      .description(DESCRIPTIONS[entry.name])
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => real(entry, argv));
  }
  // `sct help CMD` is `sct CMD --help`; `sct help` is `sct --help`.
  program.helpCommand(false);
  program
    .command('help')
    .description('display help for a command')
    .argument('[command]')
    .action((name?: string) => {
      const entry = name === undefined ? undefined : COMMANDS.find((c) => c.name === name);
      if (!entry) return program.help();
      return real(entry, [...argv.slice(0, 2), name!, '--help']);
    });
}
