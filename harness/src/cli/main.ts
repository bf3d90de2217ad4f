#!/usr/bin/env node
// The `sct` command line. Each subcommand lives in commands/<name>.ts and registers itself on
// the program; this file only wires them and maps errors to exit codes.
//
// Exit codes: one table for every command, EXIT_CODES in exit.ts (printed by `sct --help`).

import { Command, CommanderError } from 'commander';
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';
import { registerCommands } from './commands/index.js';
import { EXIT, exitCodesHelp, reportError } from './exit.js';
import { packageVersion } from './version.js';

/** The program with every command (loaded when it runs: commands/index.ts); `argv` is parsed again by the chosen one. */
export function buildProgram(argv: readonly string[] = process.argv): Command {
  const program = baseProgram();
  registerCommands(program, baseProgram, argv);
  return program;
}

function baseProgram(): Command {
  return new Command('sct')
    .description('syscalltrack: track which process did what, and make syscalls fail on purpose, reproducibly')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `\n${exitCodesHelp()}`)
    .exitOverride();
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; every other commander error is a usage error.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    return reportError(error);
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main();
}
