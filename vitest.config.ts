import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/declared-statuses.ts'],
    testTimeout: 20_000,
  },
});
