import { createPool, type PoolOptions } from '../database/db.js';
import { migrate } from '../database/migrate.js';
import { StoreUnavailableError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { createPgStores } from './pg-stores.js';
import type { Stores } from './stores.js';

export interface PgStoreOptions extends PoolOptions {
  /** DATABASE_CACHE_TTL_MS: how long catalogue reads and session lookups are served from memory. */
  cacheTtlMs: number;
  /** Where the pool's own events go: the app's logger. */
  logger: Logger;
}

/**
 * Connects, checks the server answers, applies pending migrations, and returns the
 * PostgreSQL stores. A server that cannot be reached is a StoreUnavailableError
 * naming the host, never a hang.
 */
export async function connectPostgres(databaseUrl: string, options: PgStoreOptions): Promise<Stores> {
  const { logger } = options;
  const pool = createPool(databaseUrl, options);
  // An idle client losing its server must not crash the process: requests get 503 until it
  // returns. Said with the error's own words only: the connection string holds the password.
  pool.on('error', (err: Error & { code?: string }) => {
    logger.error({ code: err.code, reason: err.message }, 'PostgreSQL dropped an idle pooled connection');
  });
  try {
    await pool.query('SELECT 1');
    const applied = await migrate(pool);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrations applied');
  } catch (err) {
    await pool.end().catch(() => {});
    const where = new URL(databaseUrl).host;
    throw new StoreUnavailableError(`PostgreSQL at ${where} is not available: ${(err as Error).message}`);
  }
  return createPgStores(pool, options.cacheTtlMs);
}
