import { defineConfig } from 'vitest/config';

// One runner for the whole repository. Integration tests talk to live brokers, so files run
// one at a time (fileParallelism off): two files fighting over one Kafka broker on two cores
// would make timings, not code, decide whether a test passes.
export default defineConfig({
  test: {
    include: [
      'infrastructure/**/*.test.ts',
      'scenarios/**/*.test.ts',
      'playground-server/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', '.playground/**'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
