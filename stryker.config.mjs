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
    'src/domain/**/*.ts',
    'src/services/**/*.ts',
    'src/repositories/memory/**/*.ts',
    // The memory stores' form of the two purchase ports (placementInUnits, settlementInUnits).
    'src/repositories/order-placement.ts',
    'src/repositories/charge-settlement.ts',
    'src/http/auth-guard.ts',
    'src/http/login-throttle.ts',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/stryker-incremental.json',
  thresholds: { high: 95, low: 90, break: 90 },
  timeoutMS: 10000,
};
