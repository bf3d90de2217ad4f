// `sct` with only the kernel-module commands (load, clear, rules, log) and `sct resume`, bundled
// by the VM suite (vagrant/suites/kernel.sh) with esbuild: the full CLI pulls in the seccomp
// engine's addon, which the guest does not build.
import { Command, CommanderError } from 'commander';
import { registerKmod } from './commands/kmod.js';
import { registerResume } from './commands/resume.js';
import { EXIT, reportError } from './exit.js';

const program = new Command('sct').exitOverride();
registerKmod(program);
registerResume(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = error instanceof CommanderError ? (error.exitCode === 0 ? EXIT.OK : EXIT.USAGE) : reportError(error);
}
