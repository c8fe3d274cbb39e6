import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { openClient } from '../../src/database/db.js';
import type { Logger } from '../../src/shared/logger.js';
import { connectPostgres, type PgStoreOptions } from '../../src/stores/connect-postgres.js';
import type { Stores } from '../../src/stores/stores.js';

/**
 * The suite runs against PostgreSQL when DATABASE_URL is set (`.ci/run` does it for the
 * second pass). Each app then gets a schema of its own, so test files never share state.
 */
export const TEST_DATABASE_URL = process.env.DATABASE_URL || undefined;

export interface SchemaStores {
  stores: Stores;
  schema: string;
  /** The pipeline's connections: how many statements outside units of work can run at once. */
  pipelineConnections: number;
  drop(): Promise<void>;
}

/** Runs `text` alone on a connection of its own, the stores' way (int8 as numbers, json parsed). */
export async function adminQuery<R extends object = Record<string, unknown>>(
  databaseUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const sql = openClient(databaseUrl, { max: 1 });
  try {
    return (await sql.unsafe(text, values as never[])) as unknown as R[];
  } finally {
    await sql.end();
  }
}

export async function createSchema(databaseUrl: string): Promise<string> {
  const schema = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await adminQuery(databaseUrl, `CREATE SCHEMA ${schema}`);
  return schema;
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  await adminQuery(databaseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * What a test's PostgreSQL stores get: the configuration's defaults (the pipeline's and the
 * pool's connections, and the cache TTL), a logger that keeps quiet, and a schema of their own.
 */
export function pgStoreOptions(schema: string, overrides: Partial<PgStoreOptions> = {}): PgStoreOptions {
  const config = loadConfig({});
  return {
    schema,
    pipelineConnections: config.databasePipelineConnections,
    poolSize: config.databasePoolSize,
    cacheTtlMs: config.databaseCacheTtlMs,
    timeouts: config.databaseTimeouts,
    logger: quiet,
    ...overrides,
  };
}

export async function postgresStoresInNewSchema(
  databaseUrl: string,
  schema?: string,
  options: Partial<PgStoreOptions> = {},
): Promise<SchemaStores> {
  const name = schema ?? (await createSchema(databaseUrl));
  const settings = pgStoreOptions(name, options);
  const stores = await connectPostgres(databaseUrl, settings);
  return {
    stores,
    schema: name,
    pipelineConnections: settings.pipelineConnections,
    drop: () => dropSchema(databaseUrl, name),
  };
}

/** A DATABASE_URL whose connections use `schema`: for server processes started by tests. */
export function databaseUrlWithSchema(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
