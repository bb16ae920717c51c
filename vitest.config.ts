import { defineConfig } from 'vitest/config';

// Quick suite: unit, property and differential tests. Differential tests that need
// the Debian oracles (aarch64-linux-gnu-as, qemu-aarch64-static) skip nothing silently:
// they fail with a message naming the missing tool unless CAPLAB_NO_ORACLES=1 is set.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
