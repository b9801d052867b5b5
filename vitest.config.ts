import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Storage and end-to-end suites open databases and browsers; keep the 2-core machine unsaturated.
    maxWorkers: 2,
  },
});
