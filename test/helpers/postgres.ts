import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PoolOptions } from '../../src/database/db.js';
import { connectPostgres } from '../../src/stores/connect-postgres.js';
import type { Stores } from '../../src/stores/stores.js';

/**
 * The suite runs against PostgreSQL when DATABASE_URL is set (`.ci/run` does it for the
 * second pass). Each app then gets a schema of its own, so test files never share state.
 */
export const TEST_DATABASE_URL = process.env.DATABASE_URL || undefined;

export interface SchemaStores {
  stores: Stores;
  schema: string;
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

export async function postgresStoresInNewSchema(
  databaseUrl: string,
  schema?: string,
  options: Omit<PoolOptions, 'schema'> = {},
): Promise<SchemaStores> {
  const name = schema ?? (await createSchema(databaseUrl));
  const stores = await connectPostgres(databaseUrl, { ...options, schema: name });
  return { stores, schema: name, drop: () => dropSchema(databaseUrl, name) };
}

/** A DATABASE_URL whose connections use `schema`: for server processes started by tests. */
export function databaseUrlWithSchema(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
