import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/integration/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker less than the CPUs: one worker on CI's two cores, where the
    // suite took 830 s. Two workers there took 658 s with every test passing (the emulators are
    // shared, every table, bucket and folder a test makes is its own).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
