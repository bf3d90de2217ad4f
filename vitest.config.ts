import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests are split by what they need (see docs/testing.md):
//   unit   - no privileges, no VM; the addon only as the filter compiler's checker
//            (include/sct/prog_check.h, loaded from native/prebuilds, which `npm ci` builds)
//   native - the compiled addon in native/build (built by `npm ci`)
//   root   - needs root (CAP_SYS_ADMIN), e.g. loading rules system-wide
//   watch  - `sct watch` through eBPF on this host: each file skips, saying why, without root or
//            when the host refuses the BPF programs (so it can sit in the default `npm test`)
//   vm     - runs inside the qemu guest (npm run test:vm)
// Scenario files import the package by name, as a user's do; in tests that name means the sources.
const alias = {
  'syscalltrack/vitest': fileURLToPath(new URL('./harness/src/vitest/index.ts', import.meta.url)),
  'syscalltrack/explore': fileURLToPath(new URL('./harness/src/explore/index.ts', import.meta.url)),
  'syscalltrack/crash': fileURLToPath(new URL('./harness/src/crash/index.ts', import.meta.url)),
  syscalltrack: fileURLToPath(new URL('./harness/src/index.ts', import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { extends: true, test: { name: 'native', include: ['test/native/**/*.test.ts'], testTimeout: 60_000 } },
      { extends: true, test: { name: 'root', include: ['test/root/**/*.test.ts'], testTimeout: 60_000 } },
      { extends: true, test: { name: 'watch', include: ['test/watch/**/*.test.ts'], testTimeout: 60_000, fileParallelism: false } },
      { extends: true, test: { name: 'vm', include: ['test/vm/**/*.test.ts'], testTimeout: 300_000 } },
    ],
  },
});
