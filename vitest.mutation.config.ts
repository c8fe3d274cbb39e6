import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The suite Stryker runs against each mutant: the in-memory example tests only.
 * Left out: the end-to-end tests (they start the server in a child process, which
 * never sees the active mutant), the PostgreSQL-only tests (skipped without a
 * database anyway), and the two randomised tests (model-based, fuzz): they take
 * most of the suite's time and, unseeded, would make the score vary between runs.
 * Every mutant they would kill must be killed by an example test as well.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/e2e/**',
        'test/postgres/**',
        'test/security/model-based.test.ts',
        'test/security/fuzz.test.ts',
      ],
    },
  }),
);
