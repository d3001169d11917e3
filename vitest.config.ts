import { defineConfig } from 'vitest/config';

// Integration suites each start their own Harper; on two cores they run one
// file at a time so races and timings are not starved by each other.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
