import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The suite Stryker runs against each mutant (see docs/testing.md): the in-memory
 * example tests only. Left out:
 * - the end-to-end tests: they start the server in a child process, which never sees
 *   the active mutant;
 * - the PostgreSQL-only tests: skipped without a database anyway;
 * - the two randomised tests (model-based, fuzz): most of the suite's time, and
 *   unseeded, so the score would vary between runs;
 * - the three files that load the demo seed in a `beforeAll` (catalog, demo-data,
 *   limits): code run outside a test is "static" to Stryker, which then runs the whole
 *   suite for each of its mutants, and the seed runs nearly every service.
 * Every mutant those tests would kill must be killed by an example test as well.
 *
 * `isolate: false` loads the app once per run instead of once per test file, several
 * times faster. Vitest starts a fresh worker for each run, so one mutant's module
 * state never leaks into the next; the tests that spy restore their spies.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      isolate: false,
      exclude: [
        'test/e2e/**',
        'test/database/**',
        'test/security/model-based.test.ts',
        'test/security/fuzz.test.ts',
        'test/catalog/catalog.test.ts',
        'test/seed/demo-data.test.ts',
        'test/security/limits.test.ts',
      ],
    },
  }),
);
