import type { Config } from '../config.js';
import { createMemoryStores } from './memory/memory-stores.js';
import { connectPostgres } from './postgres/connect.js';
import type { Stores } from './repositories.js';

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
