import type { Config } from '../config.js';
import { createMemoryStores } from './memory/memory-stores.js';
import { connectPostgres } from './postgres/connect.js';
import type { Stores } from './repositories.js';

/** The one place that picks the backend: PostgreSQL when DATABASE_URL is set, memory otherwise. */
export async function createStores(
  config: Pick<Config, 'databaseUrl' | 'databasePoolSize' | 'uploadDir'>,
): Promise<Stores> {
  return config.databaseUrl
    ? connectPostgres(config.databaseUrl, config.uploadDir, { max: config.databasePoolSize })
    : createMemoryStores(config.uploadDir);
}
