import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createSchema,
  databaseUrlWithSchema,
  dropSchema,
  TEST_DATABASE_URL,
} from '../helpers/postgres.js';

if (!TEST_DATABASE_URL)
  console.warn('db:migrate / db:reset: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

const run = promisify(execFile);

/** `npm run db:<command>` as a user runs it, against a schema of this test's own. */
const dbCli = (command: string, databaseUrl: string) =>
  run(process.execPath, ['--import', 'tsx', 'src/seed/db-cli.ts', command], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  });

describe.skipIf(!TEST_DATABASE_URL)('npm run db:migrate and db:reset', () => {
  const url = TEST_DATABASE_URL ?? '';
  let schema: string;
  let schemaUrl: string;
  beforeAll(async () => {
    schema = await createSchema(url);
    schemaUrl = databaseUrlWithSchema(url, schema);
  });
  afterAll(async () => {
    await dropSchema(url, schema);
  });

  it('resets a migrated database twice in a row, and it comes back with the demo data', {
    timeout: 120_000,
  }, async () => {
    await dbCli('migrate', schemaUrl);
    // The trigger functions of the change feed outlive the dropped tables: migrating again must not trip on them.
    await dbCli('reset', schemaUrl);
    await dbCli('reset', schemaUrl);
    const rows = await adminQuery<{ n: number }>(schemaUrl, 'SELECT count(*)::int AS n FROM products');
    expect(rows[0]?.n).toBeGreaterThan(0);
  });
});
