/**
 * `npm run db:migrate | db:seed | db:reset` against DATABASE_URL (read from the
 * environment or `.env`):
 *   migrate  applies the pending migrations;
 *   seed     loads the demo data into an empty database (a database with users is left alone);
 *   reset    drops every table of the database's schema, migrates, and seeds.
 */
import { ConfigError, loadConfig } from '../config.js';
import { createAppContext } from '../context.js';
import { openClient } from '../database/db.js';
import { createLogger } from '../platform/logger.js';
import { StoreUnavailableError } from '../shared/errors.js';
import { loadEnvFileIfPresent } from '../startup/env-file.js';
import { createStores } from '../stores/create-stores.js';
import { seedIfEmpty } from './demo-data.js';

const COMMANDS = ['migrate', 'seed', 'reset'] as const;
type Command = (typeof COMMANDS)[number];

/** Drops the tables (and so their rows, indexes and constraints) of the connection's current schema. */
async function dropTables(databaseUrl: string): Promise<string[]> {
  const sql = openClient(databaseUrl, { max: 1 });
  try {
    const rows = await sql.unsafe<{ name: string }[]>(
      'SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema()',
    );
    if (rows.length > 0) await sql.unsafe(`DROP TABLE ${rows.map((r) => r.name).join(', ')} CASCADE`);
    return rows.map((r) => r.name);
  } finally {
    await sql.end();
  }
}

async function run(command: Command): Promise<void> {
  loadEnvFileIfPresent();
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError('DATABASE_URL is not set: the in-memory store is seeded by `npm start` itself.');
  }
  if (command === 'reset') {
    const dropped = await dropTables(config.databaseUrl);
    console.log(`dropped ${dropped.length} tables`);
  }
  // Connecting applies the pending migrations.
  const stores = await createStores(config, createLogger(config));
  const ctx = createAppContext(config, stores);
  try {
    if (command === 'migrate') console.log('migrations applied');
    else if (await seedIfEmpty(ctx)) console.log('demo data loaded');
    else console.log('the database already has data: nothing loaded (npm run db:reset starts again)');
  } finally {
    await ctx.close();
  }
}

const command = process.argv[2];
if (!COMMANDS.includes(command as Command)) {
  console.error(`usage: db-cli ${COMMANDS.join('|')}`);
  process.exit(2);
}
run(command as Command).catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof StoreUnavailableError;
  console.error(known ? err.message : err);
  process.exit(1);
});
