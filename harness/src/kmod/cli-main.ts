// `sct` with only the kernel-module commands, for the VM suite (vagrant/suites/kernel.sh) to run
// through tsx before the lead wires registerKmod into cli/commands/index.ts.
import { Command, CommanderError } from 'commander';
import { registerKmod } from '../cli/commands/kmod.js';
import { EXIT, reportError } from '../cli/exit.js';

const program = new Command('sct').exitOverride();
registerKmod(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = error instanceof CommanderError ? (error.exitCode === 0 ? EXIT.OK : EXIT.USAGE) : reportError(error);
}
