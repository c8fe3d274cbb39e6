import pg from 'pg';

/** A pool or a client inside a transaction: repositories run their SQL on either. */
export type Queryable = Pick<pg.Pool, 'query'>;

export interface PoolOptions {
  /** Sets search_path on every connection: tests give each app a schema of its own. */
  schema?: string;
  max?: number;
}

export function createPool(databaseUrl: string, options: PoolOptions = {}): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    ...(options.schema && { options: `-c search_path=${options.schema}` }),
  });
}

export const toDate = (epochMs: number): Date => new Date(epochMs);
export const toMs = (value: Date): number => value.getTime();
export const toMsOrNull = (value: Date | null): number | null => (value === null ? null : value.getTime());
