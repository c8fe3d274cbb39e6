/**
 * `npm run bench:pg`: the production build on the in-memory stores and on PostgreSQL, side by
 * side in one run, with pgbench as the database's ceiling. PostgreSQL comes from DATABASE_URL, or
 * from scripts/postgres-up.sh when it is not set. Settings: BENCHMARKS.md.
 */
import { runPgComparison } from './pg-compare.js';
import { printPgComparison } from './pg-report.js';
import { printPgVariantRun } from './variants.js';

runPgComparison()
  .then(printPgComparison)
  // Then issue 24's catalogue, on a database of its own.
  .then(printPgVariantRun)
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
