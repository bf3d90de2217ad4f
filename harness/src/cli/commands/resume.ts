// `sct resume ID`: continue what a SUSPEND rule stopped, from any shell. Serves both engines:
// a process under `sct run` (seccomp engine) is sent SIGCONT once it is checked to be a suspended
// sct target; otherwise, or with --kernel, the kernel module (/dev/sct) releases the thread.
// Exit 0 when resumed, 1 when nothing was suspended there (the message says why), 2 on bad input.

import type { Command } from 'commander';
import { DESCRIPTIONS } from './descriptions.js';
import { existsSync } from 'node:fs';
import { resumeSeccompTarget, ResumeError } from '../../engine/resume.js';
import { EXIT, reportError } from '../exit.js';
import { resumeKernelThreads } from './kmod.js';

export { resumeSeccompTarget, ResumeError };

const KMOD_DEVICE = '/dev/sct';

function resumeInKernel(tid: number): number {
  const n = resumeKernelThreads(tid);
  process.stdout.write(`resumed ${n} thread(s) held by the kernel module\n`);
  return n > 0 ? EXIT.OK : EXIT.CHECK_FAILED;
}

export function registerResume(program: Command): void {
  program
    .command('resume')
    .description(DESCRIPTIONS.resume)
    .argument('<id>', 'process id (sct run), or thread id (kernel module; 0 with --kernel: every held thread)')
    .option('--kernel', 'ask the kernel module (/dev/sct) even when the id is a process under sct run')
    .action((idText: string, opts: { kernel?: boolean }) => {
      const id = Number(idText);
      if (!/^\d+$/.test(idText) || (id <= 0 && !opts.kernel)) {
        process.stderr.write(`sct: Expected <id> to be a positive integer, got \`${idText}\`\n`);
        process.exitCode = EXIT.USAGE;
        return;
      }
      try {
        if (opts.kernel) {
          process.exitCode = resumeInKernel(id);
          return;
        }
        try {
          resumeSeccompTarget(id);
          process.exitCode = EXIT.OK;
        } catch (error) {
          if (!(error instanceof ResumeError)) throw error;
          if (error.code === 'SCT_NOT_SCT_TARGET' && existsSync(KMOD_DEVICE)) {
            process.exitCode = resumeInKernel(id);
            return;
          }
          process.stderr.write(`sct: ${error.message} [${error.code}]\n`);
          process.exitCode = EXIT.CHECK_FAILED;
        }
      } catch (error) {
        process.exitCode = reportError(error, EXIT.CHECK_FAILED);
      }
    });
}
