// @ts-check
/**
 * Mutation testing of the core (issue 15): `npm run mutation`. See docs/testing.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  mutate: [
    // The domain types and rules, the services, and the memory stores of every domain folder.
    'src/{auth,catalog,cart,orders,support,admin}/*.ts',
    'src/platform/housekeeping.service.ts',
    'src/platform/idempotency/idempotency.service.ts',
    'src/platform/idempotency/memory-idempotency.repository.ts',
    'src/platform/throttle/memory-login-attempt.repository.ts',
    'src/platform/auth-guard.ts',
    'src/shared/sweep.ts',
    'src/shared/paging.ts',
    'src/database/undo-log.ts',
    'src/stores/memory-stores.ts',
    // Not the core: HTTP plumbing, schemas, the SQL stores (the PostgreSQL pass covers them).
    '!src/*/*.routes.ts',
    '!src/*/*.schemas.ts',
    '!src/*/pg-*.ts',
    '!src/*/file-image.store.ts',
    '!src/catalog/cached-product.repository.ts',
    '!src/auth/cached-session.repository.ts',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/stryker-incremental.json',
  thresholds: { high: 95, low: 90, break: 90 },
  timeoutMS: 10000,
};
