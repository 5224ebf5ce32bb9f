import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      { test: { name: 'cli', include: ['test/cli/**/*.test.ts'], testTimeout: 30_000, sequence: { groupOrder: 1 } } },
      {
        // Generates real projects, installs them and talks to their servers: slow, so the
        // matrix runs with at most two files at once on this 2-core machine.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          maxWorkers: 2,
          // Fast layers first: a broken unit or cli test fails the run before the slow matrix starts.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
