// `sct config check` and `sct config print`: validate rule files, and print them in normal form.

import type { Command } from 'commander';
import { DESCRIPTIONS } from './descriptions.js';
import { loadRules } from '../../rules/load.js';
import { printConfig } from '../../rules/config/index.js';
import { EXIT } from '../exit.js';
import { archOption, collect, maxErrorsOption } from '../options.js';
import { printLoadDiagnostics } from '../run-diagnostics.js';

export function registerConfig(program: Command): void {
  const config = program.command('config').description(DESCRIPTIONS.config);

  config
    .command('check')
    .description('parse rule files (and strace-style specs) and run every semantic check; print every problem found')
    .argument('[files...]', 'rule files in the syscalltrack config language')
    .option('-e, --expr <spec>', 'also check an strace-style spec, e.g. inject=openat:error=EACCES (repeatable)', collect, [])
    .option('-P, --path <path>', 'also check an strace-style -P path filter (repeatable)', collect, [])
    .addOption(archOption())
    .addOption(maxErrorsOption())
    .option('-q, --quiet', 'print nothing when everything is valid')
    .action(async (files: string[], opts: { expr: string[]; path: string[]; arch?: 'x86_64' | 'aarch64'; quiet?: boolean; maxErrors: number }) => {
      if (files.length === 0 && opts.expr.length === 0 && opts.path.length === 0) {
        config.commands.find((c) => c.name() === 'check')?.outputHelp({ error: true });
        process.exitCode = EXIT.USAGE;
        return;
      }
      const loaded = await loadRules({ files, expressions: opts.expr, paths: opts.path, arch: opts.arch, maxErrors: opts.maxErrors });
      printLoadDiagnostics(loaded, opts.maxErrors);
      if (loaded.errorCount > 0) {
        process.stderr.write(`${loaded.errorCount} error(s), ${loaded.warningCount} warning(s)\n`);
        process.exitCode = EXIT.CHECK_FAILED;
        return;
      }
      if (!opts.quiet) {
        const warn = loaded.warningCount > 0 ? `, ${loaded.warningCount} warning(s)` : '';
        process.stdout.write(`ok: ${loaded.rules.length} rule(s) in ${loaded.sources.length} source(s)${warn}\n`);
      }
      process.exitCode = EXIT.OK;
    });

  config
    .command('print')
    .description('print rules in normal form (the output parses back to the same rules)')
    .argument('<files...>', 'rule files in the syscalltrack config language')
    .option('-e, --expr <spec>', 'also print an strace-style spec as rules (repeatable)', collect, [])
    .option('-P, --path <path>', 'strace-style -P path filter (repeatable)', collect, [])
    .addOption(archOption())
    .addOption(maxErrorsOption())
    .action(async (files: string[], opts: { expr: string[]; path: string[]; arch?: 'x86_64' | 'aarch64'; maxErrors: number }) => {
      const loaded = await loadRules({ files, expressions: opts.expr, paths: opts.path, arch: opts.arch, maxErrors: opts.maxErrors });
      if (loaded.errorCount > 0) {
        printLoadDiagnostics(loaded, opts.maxErrors);
        process.exitCode = EXIT.CHECK_FAILED;
        return;
      }
      process.stdout.write(printConfig(loaded.rules));
      process.exitCode = EXIT.OK;
    });
}
