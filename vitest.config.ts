import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Starting a server (content, matcher, store) takes seconds on a busy 2-core machine.
    hookTimeout: 60_000,
    pool: 'forks',
    // In CI also write a machine-readable report, summarised by .ci/run.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
  },
});
