/**
 * Issue 24's large-catalogue case alone: `npx tsx bench/variants.ts` (memory), with `pg` as
 * argument on PostgreSQL (DATABASE_URL, else scripts/postgres-up.sh). `npm run bench` and
 * `npm run bench:pg` run it too, after their other cases (PostgreSQL needs `npm run build` first).
 */
import { fileURLToPath } from 'node:url';
import { describeVariantRun, runVariantCatalogue } from './variant-catalogue.js';
import { runPgVariantCatalogue } from './variant-catalogue-pg.js';

/** The PostgreSQL figures, cache off and on, then the plans of the search's two statements. */
export async function printPgVariantRun(): Promise<void> {
  const run = await runPgVariantCatalogue();
  for (const { label, page, tree } of run.timings)
    console.log(
      describeVariantRun(`PostgreSQL (${label})`, { products: run.products, page, ...(tree && { tree }) }),
    );
  console.log(`\nEXPLAIN ANALYZE of the search's count and page statements:\n${run.plans}`);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'pg') await printPgVariantRun();
  else console.log(describeVariantRun('memory', await runVariantCatalogue()));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
