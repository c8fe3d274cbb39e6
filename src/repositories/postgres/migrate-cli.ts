/** `npm run db:migrate`: applies pending migrations to DATABASE_URL and says which. */
import { loadConfig } from '../../config.js';
import { createPool } from './db.js';
import { migrate } from './migrate.js';

const { databaseUrl } = loadConfig();
if (!databaseUrl) {
  console.error('DATABASE_URL is not set: nothing to migrate (the in-memory stores need no schema).');
  process.exit(1);
}
const pool = createPool(databaseUrl);
try {
  const applied = await migrate(pool);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date');
} catch (err) {
  console.error(`migration failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
