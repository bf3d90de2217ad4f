// The project's vitest configuration for the TCG guest (vagrant/suites/functional.sh and
// regression.sh): the same projects and files, with every test and hook timeout multiplied by
// SCT_VM_TIMEOUT_FACTOR (default 10; syscalls are 10-20x slower there). Only timeouts change:
// no test is skipped. (--testTimeout on the command line would leave hook timeouts at 10 s,
// and the native tests compile their C programs in hooks or in the first test that runs one.)
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import base from '../vitest.config.js';

const factor = Number(process.env.SCT_VM_TIMEOUT_FACTOR ?? 10);
if (!Number.isFinite(factor) || factor < 1) {
  throw new Error(`Expected \`SCT_VM_TIMEOUT_FACTOR\` to be a number >= 1, got \`${process.env.SCT_VM_TIMEOUT_FACTOR}\``);
}
const VITEST_HOOK_TIMEOUT_MS = 10_000; // vitest's default

const projects = (base.test?.projects ?? []) as TestProjectInlineConfiguration[];
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  // `syscalltrack` in scenario files means the sources, as on the host (vitest.config.ts).
  resolve: base.resolve,
  test: {
    projects: projects.map((p) => ({
      ...p,
      test: {
        ...p.test,
        testTimeout: (p.test?.testTimeout ?? 5_000) * factor,
        hookTimeout: (p.test?.hookTimeout ?? VITEST_HOOK_TIMEOUT_MS) * factor,
      },
    })),
  },
});
