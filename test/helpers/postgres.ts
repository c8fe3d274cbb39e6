import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
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
  /** The pool's connections: how many statements of these stores can run at once. */
  poolSize: number;
  drop(): Promise<void>;
}

export async function createSchema(databaseUrl: string): Promise<string> {
  const schema = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * What a test's PostgreSQL stores get: the configuration's defaults (the pool's size, so the race
 * suites race on as many connections as production has, and the cache TTL), a logger that keeps
 * quiet, and a schema of their own.
 */
export function pgStoreOptions(schema: string, overrides: Partial<PgStoreOptions> = {}): PgStoreOptions {
  const config = loadConfig({});
  return {
    schema,
    max: config.databasePoolSize,
    cacheTtlMs: config.databaseCacheTtlMs,
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
  return { stores, schema: name, poolSize: settings.max, drop: () => dropSchema(databaseUrl, name) };
}

/** A DATABASE_URL whose connections use `schema`: for server processes started by tests. */
export function databaseUrlWithSchema(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
