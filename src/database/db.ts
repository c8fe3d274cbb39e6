import pg from 'pg';
import { StoreUnavailableError } from '../shared/errors.js';
import { isDatabaseUnavailable } from './unavailable.js';

/** What a statement gives back: its rows and how many it wrote or read. */
export interface StatementResult<R> {
  rows: R[];
  rowCount: number | null;
}

/** Where repositories run their SQL: the pool (each statement alone), or a pooled client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<StatementResult<R>>;
}

/** Connection failures become StoreUnavailableError here, inside the store; SQL errors pass unchanged. */
export function translated(err: unknown): unknown {
  return isDatabaseUnavailable(err)
    ? new StoreUnavailableError(`PostgreSQL unavailable: ${(err as Error).message}`, { cause: err })
    : err;
}

/** What a pool and a pooled client both are: something that runs a query config. */
export interface Connection {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

/**
 * Each distinct SQL text gets a name, so every connection parses and plans it once and then
 * only binds values: less work for the server per statement. The texts are the repositories'
 * own, built from fixed fragments, so the names stay few.
 */
const statementNames = new Map<string, string>();
const nameOf = (text: string): string => {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `s${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
};

/** The repositories' view of a connection: named statements, and connection failures as StoreUnavailableError. */
export function withStoreErrors(db: Connection): Queryable {
  return {
    query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
      db.query<R>({ name: nameOf(text), text, ...(values && { values }) }).catch((err: unknown) => {
        throw translated(err);
      }),
  };
}

/** Runs `work` in one transaction of its own (BEGIN … COMMIT, ROLLBACK when it throws). */
export type Transactor = <T>(work: (db: Queryable) => Promise<T>) => Promise<T>;

export function poolTransactor(pool: pg.Pool): Transactor {
  return async (work) => {
    const client = await pool.connect().catch((err: unknown) => {
      throw translated(err);
    });
    let broken = false;
    const tx = withStoreErrors(client);
    try {
      await tx.query('BEGIN');
      const result = await work(tx);
      await tx.query('COMMIT');
      return result;
    } catch (err) {
      // A connection that cannot even roll back is dropped, not returned to the pool.
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  };
}

export interface PoolOptions {
  /** Sets search_path on every connection: tests give each app a schema of its own. */
  schema?: string;
  /** The pool's size: every connection the instance holds. */
  max: number;
}

/** int8 (money, quantities) as JS numbers: the HTTP edge keeps every amount far below 2^53. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? Number
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** How long any connection of an instance may take to open before the request gets a 503. */
const CONNECT_TIMEOUT_MS = 5_000;

/** How every pg connection of an instance is made, the pool's and a test's own. */
export function connectionConfig(
  databaseUrl: string,
  options: Pick<PoolOptions, 'schema'> = {},
): pg.ClientConfig {
  return {
    connectionString: databaseUrl,
    types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(options.schema && { options: `-c search_path=${options.schema}` }),
  };
}

export function createPool(databaseUrl: string, options: PoolOptions): pg.Pool {
  return new pg.Pool({ ...connectionConfig(databaseUrl, options), max: options.max });
}

export const toDate = (epochMs: number): Date => new Date(epochMs);
export const toMs = (value: Date): number => value.getTime();
export const toMsOrNull = (value: Date | null): number | null => (value === null ? null : value.getTime());
