// `sct` with only the kernel-module commands (load, clear, rules, log), `sct resume` and `sct watch`
// (its kmod backend loads no addon but the module's), bundled
// by the VM suite (vagrant/suites/kernel.sh) with esbuild: the full CLI pulls in the seccomp
// engine's addon, which the guest does not build.
import { Command, CommanderError } from 'commander';
import { registerKmod } from './commands/kmod.js';
import { registerResume } from './commands/resume.js';
import { registerWatch } from './commands/watch.js';
import { EXIT, reportError } from './exit.js';

const program = new Command('sct').exitOverride();
registerKmod(program);
registerResume(program);
registerWatch(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = error instanceof CommanderError ? (error.exitCode === 0 ? EXIT.OK : EXIT.USAGE) : reportError(error);
}
