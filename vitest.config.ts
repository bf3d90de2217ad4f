import { defineConfig } from 'vitest/config';

// Tests are split by what they need (see docs/testing.md):
//   unit   - nothing but Node: no addon, no privileges, no VM
//   native - the compiled addon in native/build (built by `npm ci`)
//   root   - needs root (CAP_SYS_ADMIN), e.g. loading rules system-wide
//   vm     - runs inside the qemu guest (npm run test:vm)
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'native', include: ['test/native/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'root', include: ['test/root/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'vm', include: ['test/vm/**/*.test.ts'], testTimeout: 300_000 } },
    ],
  },
});
