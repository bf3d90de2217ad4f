// `sct resume PID`: continue a process that a SUSPEND rule of the seccomp engine stopped, from any
// shell. Exit 0 when resumed, 1 when PID is not a suspended sct target (the message says why).
// The lead combines this with the kernel-module backend's resume through resumeSeccompTarget().

import type { Command } from 'commander';
import { resumeSeccompTarget, ResumeError } from '../../engine/resume.js';
import { EXIT } from '../exit.js';

export { resumeSeccompTarget, ResumeError };

export function registerResume(program: Command): void {
  program
    .command('resume')
    .description('resume a process stopped by a SUSPEND rule (sct run); it must be suspended and running under sct')
    .argument('<pid>', 'process id of the suspended process')
    .action((pidText: string) => {
      const pid = Number(pidText);
      if (!/^\d+$/.test(pidText) || pid <= 0) {
        process.stderr.write(`sct: Expected <pid> to be a positive integer, got \`${pidText}\`\n`);
        process.exitCode = EXIT.USAGE;
        return;
      }
      try {
        resumeSeccompTarget(pid);
      } catch (error) {
        if (!(error instanceof ResumeError)) throw error;
        process.stderr.write(`sct: ${error.message} [${error.code}]\n`);
        process.exitCode = EXIT.CHECK_FAILED;
      }
    });
}
