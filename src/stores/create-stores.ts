import type { Config } from '../config.js';
import type { Logger } from '../shared/logger.js';
import { connectPostgres } from './connect-postgres.js';
import { createMemoryStores } from './memory-stores.js';
import type { Stores } from './stores.js';

/**
 * The one place that picks the backend: PostgreSQL when DATABASE_URL is set (images included),
 * memory otherwise (images as files in UPLOAD_DIR). What the stores log goes to `logger`.
 */
export async function createStores(
  config: Pick<
    Config,
    | 'databaseUrl'
    | 'databasePipelineConnections'
    | 'databasePoolSize'
    | 'databaseCacheTtlMs'
    | 'databaseTimeouts'
    | 'uploadDir'
  >,
  logger: Logger,
): Promise<Stores> {
  return config.databaseUrl
    ? connectPostgres(config.databaseUrl, {
        pipelineConnections: config.databasePipelineConnections,
        poolSize: config.databasePoolSize,
        cacheTtlMs: config.databaseCacheTtlMs,
        timeouts: config.databaseTimeouts,
        logger,
      })
    : createMemoryStores(config.uploadDir);
}
