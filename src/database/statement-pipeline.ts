import postgres from 'postgres';
import { DEFAULT_PIPELINE_CONNECTIONS } from '../config.js';
import { StoreUnavailableError } from '../shared/errors.js';
import { ANNOUNCES_UPDATES, CONNECT_TIMEOUT_MS, type PoolOptions, type Queryable, translated } from './db.js';

/**
 * The statements that run alone (everything outside a unit of work: a cart add, a checkout,
 * a payment's claim and settlement, every read) go through postgres.js on one connection by
 * default, pipelined: a statement is sent while the ones before it are still running, and the
 * backend takes them one after another without waiting for us. Measured (BENCHMARKS.md) against
 * pg's pool of four: more purchases per second for less CPU in both processes, because our own
 * statements no longer queue on each other's row locks and every round trip stops costing a
 * wake-up on both sides. Units of work stay on pg's pool: a transaction needs a connection of
 * its own for its whole life.
 *
 * Each statement is its own implicit transaction (postgres.js ends each with a Sync), so one
 * that fails leaves the next untouched. What queues behind a slow statement waits for it:
 * nothing the API runs outside a unit takes long, and nothing waits on the pipeline while it
 * holds a lock (units never use it), so the queue always drains.
 */
export interface StatementPipeline {
  db: Queryable;
  close(): Promise<void>;
}

/** jsonb parameters arrive as JSON text (the repositories stringify them), results are parsed. */
const JSON_TYPE = {
  to: 114,
  from: [114, 3802],
  serialize: (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)),
  parse: (text: string) => JSON.parse(text) as unknown,
};

/** int8 (money, quantities, sequences) as numbers, as pg's pool reads them (db.ts). */
const BIGINT_TYPE = {
  to: 20,
  from: [20],
  serialize: (value: number | bigint | string) => String(value),
  parse: (text: string) => Number(text),
};

/**
 * postgres.js sets a query's `state` (its backend's pid and key, for cancelling) when it writes
 * it to a connection; `state` is not in its types. A sent statement is running: it may finish.
 */
const wasSent = (query: object): boolean => 'state' in query && query.state !== null;

export function openStatementPipeline(databaseUrl: string, options: PoolOptions = {}): StatementPipeline {
  const open = () =>
    postgres(databaseUrl, {
      max: options.pipelineConnections ?? DEFAULT_PIPELINE_CONNECTIONS,
      connect_timeout: CONNECT_TIMEOUT_MS / 1000,
      // These connections announce their product updates themselves, like the pool's (db.ts).
      connection: {
        [ANNOUNCES_UPDATES]: 'on',
        ...(options.schema && { search_path: options.schema }),
      },
      types: { json: JSON_TYPE, bigint: BIGINT_TYPE },
      // An absent value is NULL, as pg sends it; postgres.js would refuse the statement.
      transform: { undefined: null },
      onnotice: () => {},
    });
  let sql = open();
  let closed = false;

  /**
   * A statement still unsent after the connect timeout never reached a connection: postgres.js
   * keeps reconnecting at once, without a pause, to an address that accepts and hangs up (a
   * proxy in front of a stopped database), and cancelling does not stop that. So the request
   * gets its 503 as pg's pool would give it, and the client is replaced by a fresh one.
   */
  const unreachable = (stuck: postgres.Sql) => {
    if (sql === stuck && !closed) {
      sql = open();
      void stuck.end({ timeout: 0 });
    }
    return new StoreUnavailableError('PostgreSQL unavailable: no connection within the connect timeout');
  };

  return {
    db: {
      async query(text, values = []) {
        const client = sql;
        const pending = client.unsafe(text, values as postgres.ParameterOrJSON<never>[], { prepare: true });
        let giveUp: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => {
          giveUp = setTimeout(() => {
            if (wasSent(pending)) return;
            void pending.cancel();
            reject(unreachable(client));
          }, CONNECT_TIMEOUT_MS);
        });
        try {
          const rows = await Promise.race([pending, deadline]);
          // postgres.js's row list is already an array: handed over as it is, not copied.
          return { rows: rows as unknown as never[], rowCount: rows.count };
        } catch (err) {
          throw translated(err);
        } finally {
          clearTimeout(giveUp);
        }
      },
    },
    close: async () => {
      closed = true;
      await sql.end({ timeout: 5 });
    },
  };
}
