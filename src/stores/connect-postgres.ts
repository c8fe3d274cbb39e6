import { ChangeFeed } from '../database/change-feed.js';
import { connectionConfig, createPool, type PoolOptions } from '../database/db.js';
import { migrate } from '../database/migrate.js';
import { openStatementPipeline } from '../database/statement-pipeline.js';
import { StoreUnavailableError } from '../shared/errors.js';
import { createPgStores } from './pg-stores.js';
import type { Stores } from './stores.js';

/**
 * Connects, checks the server answers, applies pending migrations, and returns the
 * PostgreSQL stores. A server that cannot be reached is a StoreUnavailableError
 * naming the host, never a hang.
 */
export async function connectPostgres(databaseUrl: string, options: PoolOptions = {}): Promise<Stores> {
  const pool = createPool(databaseUrl, options);
  // An idle client losing its server must not crash the process: requests get 503 until it returns.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    const where = new URL(databaseUrl).host;
    throw new StoreUnavailableError(`PostgreSQL at ${where} is not available: ${(err as Error).message}`);
  }
  return createPgStores(
    pool,
    openStatementPipeline(databaseUrl, options),
    new ChangeFeed(connectionConfig(databaseUrl, options)),
  );
}
