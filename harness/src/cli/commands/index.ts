// Every subcommand, in the order `sct --help` lists them, and the module that defines it. A
// command's module (its options, and all that its action imports: the parser, the tables, the
// engine, the addon) is imported only when that command runs, so `sct --version` or
// `sct config check` load none of the others.
//
// The program first holds a light stand-in per command (name and description, for `sct --help`).
// When one is chosen, its module registers the real command on a fresh program, which parses the
// same command line again: options, `--help`, errors and exit codes are the real command's.

import type { Command } from 'commander';

type Register = (program: Command) => void;

interface CommandEntry {
  name: string;
  description: string;
  load: () => Promise<Register>;
}

const kmod = (name: string, description: string): CommandEntry => ({
  name,
  description: `kernel module: ${description}`,
  load: async () => (await import('./kmod.js')).registerKmod,
});

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'config', description: 'check and normalise rule files in the syscalltrack language', load: async () => (await import('./config.js')).registerConfig },
  { name: 'list', description: 'list scenarios and what they check (default: scenarios/**/*.ts, without scenarios/targets)', load: async () => (await import('./list.js')).registerList },
  { name: 'run', description: "run a program under rules (seccomp engine); exits with the program's own status", load: async () => (await import('./run.js')).registerRun },
  { name: 'trace', description: 'print the calls a program makes, strace-style (every traced call stops in the supervisor)', load: async () => (await import('./trace.js')).registerTrace },
  { name: 'explore', description: 'search for a fault schedule that breaks a scenario (property-based; see docs/explore.md)', load: async () => (await import('./explore.js')).registerExplore },
  { name: 'resume', description: 'resume what a SUSPEND rule stopped: a process under `sct run`, or a thread the kernel module holds', load: async () => (await import('./resume.js')).registerResume },
  kmod('load', 'compile rule files and atomically replace the rules the sct module applies system-wide'),
  kmod('clear', 'remove every rule (unhooks every syscall)'),
  kmod('rules', 'print the loaded rules with their matched/acted counters'),
  kmod('log', 'print the events of the loaded rules (which process did what)'),
];

/** The description `sct --help` shows for `name`; command modules use it too, so it is written once. */
export function commandDescription(name: string): string {
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new Error(`no command named '${name}' in the catalog`);
  return entry.description;
}

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
      .description(entry.description)
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
