import postgres from 'postgres';
import { StoreUnavailableError } from '../shared/errors.js';
import { isDatabaseUnavailable } from './unavailable.js';

/** What a statement gives back: its rows and how many it wrote or read. */
export interface StatementResult<R> {
  rows: R[];
  rowCount: number | null;
}

/** A row as the driver returns it: columns by name. */
export type Row = Record<string, unknown>;

/** Where repositories run their SQL: the statement pipeline (each statement alone), or a unit of work's transaction. */
export interface Queryable {
  query<R extends object = Row>(text: string, values?: unknown[]): Promise<StatementResult<R>>;
}

/** Connection failures become StoreUnavailableError here, inside the store; SQL errors pass unchanged. */
export function translated(err: unknown): unknown {
  if (err instanceof StoreUnavailableError) return err;
  return isDatabaseUnavailable(err)
    ? new StoreUnavailableError(`PostgreSQL unavailable: ${(err as Error).message}`, { cause: err })
    : err;
}

/**
 * Runs one statement on `sql`, prepared: every connection parses and plans a text once and
 * then only binds values. The texts are the repositories' own, built from fixed fragments, so
 * the prepared statements stay few.
 */
export async function runStatement<R extends object>(
  sql: StatementRunner,
  text: string,
  values: unknown[] = [],
): Promise<StatementResult<R>> {
  const rows = await sql.unsafe(text, values as postgres.ParameterOrJSON<never>[], { prepare: true });
  // postgres.js's row list is already an array: handed over as it is, not copied.
  return { rows: rows as unknown as R[], rowCount: rows.count };
}

/** What runs a statement: a client, or a transaction's own connection. */
export type StatementRunner = Pick<postgres.Sql, 'unsafe'>;

/** A Queryable on `sql` whose connection failures are StoreUnavailableError. */
export function queryableOn(sql: StatementRunner): Queryable {
  return {
    query: async <R extends object>(text: string, values?: unknown[]) => {
      try {
        return await runStatement<R>(sql, text, values);
      } catch (err) {
        throw translated(err);
      }
    },
  };
}

/** Runs `work` in one transaction of its own (BEGIN … COMMIT, ROLLBACK when it throws). */
export type Transactor = <T>(work: (db: Queryable) => Promise<T>) => Promise<T>;

/** How long any connection of an instance may take to open before the request gets a 503. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** jsonb parameters arrive as JSON text (the repositories stringify them); results are parsed. */
const JSON_TYPE = {
  to: 114,
  from: [114, 3802],
  serialize: (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)),
  parse: (text: string) => JSON.parse(text) as unknown,
};

/** int8 (money, quantities, sequences) as JS numbers: the HTTP edge keeps every amount far below 2^53. */
const BIGINT_TYPE = {
  to: 20,
  from: [20],
  serialize: (value: number | bigint | string) => String(value),
  parse: (text: string) => Number(text),
};

/** What a client tells about its connections: the store hands these to the app's logger. */
export interface ClientEvents {
  onnotice?: (notice: postgres.Notice) => void;
  onclose?: (connectionId: number) => void;
}

/** How long the server lets one statement run, and wait for a lock, before it aborts it (0: no limit). */
export interface StatementTimeouts {
  statementMs: number;
  lockMs: number;
}

export interface ClientOptions extends ClientEvents {
  /** Sets search_path on every connection: tests give each app a schema of its own. */
  schema?: string;
  /** The client's connections, opened on demand. */
  max: number;
  /**
   * Set on every connection: the database, not only this process, gives up on a stalled statement,
   * so work answered with an error can no longer commit behind the client's back.
   */
  timeouts?: StatementTimeouts;
  /** Further server settings for every connection of the client (its start-up parameters). */
  serverSettings?: Record<string, number>;
}

/** How every postgres.js connection of this code is made: the stores', the migrations', a test's own. */
export function openClient(databaseUrl: string, options: ClientOptions): postgres.Sql {
  return postgres(databaseUrl, {
    max: options.max,
    connect_timeout: CONNECT_TIMEOUT_MS / 1000,
    // Connections live until the server or we close them: a close is then always worth a log line.
    max_lifetime: null,
    prepare: true,
    connection: {
      ...(options.schema && { search_path: options.schema }),
      ...options.serverSettings,
      ...(options.timeouts && {
        statement_timeout: options.timeouts.statementMs,
        lock_timeout: options.timeouts.lockMs,
      }),
    },
    types: { json: JSON_TYPE, bigint: BIGINT_TYPE },
    // An absent value is NULL; postgres.js would refuse the statement.
    transform: { undefined: null },
    onnotice: options.onnotice ?? (() => {}),
    ...(options.onclose && { onclose: options.onclose }),
  });
}

export const toDate = (epochMs: number): Date => new Date(epochMs);
export const toMs = (value: Date): number => value.getTime();
export const toMsOrNull = (value: Date | null): number | null => (value === null ? null : value.getTime());
