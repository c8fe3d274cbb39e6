import type { Config } from '../config.js';
import { connectPostgres } from './connect-postgres.js';
import { createMemoryStores } from './memory-stores.js';
import type { Stores } from './stores.js';

/**
 * The one place that picks the backend: PostgreSQL when DATABASE_URL is set (images included),
 * memory otherwise (images as files in UPLOAD_DIR).
 */
export async function createStores(
  config: Pick<Config, 'databaseUrl' | 'databasePoolSize' | 'databasePipelineConnections' | 'uploadDir'>,
): Promise<Stores> {
  return config.databaseUrl
    ? connectPostgres(config.databaseUrl, {
        max: config.databasePoolSize,
        pipelineConnections: config.databasePipelineConnections,
      })
    : createMemoryStores(config.uploadDir);
}
