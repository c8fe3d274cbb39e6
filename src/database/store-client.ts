import type postgres from 'postgres';
import { StoreUnavailableError } from '../shared/errors.js';
import {
  type ClientOptions,
  CONNECT_TIMEOUT_MS,
  openClient,
  type Queryable,
  queryableOn,
  runStatement,
  type Transactor,
  translated,
} from './db.js';
import { serverAnswers } from './server-answers.js';

/** How long the check that the server is there may take: part of the connect timeout. */
const ANSWER_TIMEOUT_MS = 1_000;

/**
 * A postgres.js client that never leaves a request hanging on a database that cannot be reached.
 * postgres.js reconnects without pause, and never times out, to an address that accepts and hangs
 * up (a proxy in front of a stopped database): a statement waiting for a connection there would
 * wait forever. So whatever has no result after most of the connect timeout asks the server
 * itself whether it is there (server-answers.ts). When it answers, the work is running or queued
 * behind running work, which may legitimately take long: it goes on, checked again as long as it
 * lasts. When it does not, the work fails with StoreUnavailableError (a 503), and the client is
 * ended and replaced by a fresh one, so nothing keeps knocking at the address.
 */
export interface StoreClient {
  /** Runs `work` on the current client; connection failures are StoreUnavailableError. */
  run<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T>;
  /** Work running or queued on the client now (for /metrics: postgres.js tells nothing of its pool). */
  inFlight(): number;
  end(): Promise<void>;
}

export function openStoreClient(databaseUrl: string, options: ClientOptions): StoreClient {
  let sql = openClient(databaseUrl, options);
  let ended = false;
  let inFlight = 0;

  const unreachable = (stuck: postgres.Sql): StoreUnavailableError => {
    if (sql === stuck && !ended) {
      sql = openClient(databaseUrl, options);
      void stuck.end({ timeout: 0 }).catch(() => {});
    }
    return new StoreUnavailableError('PostgreSQL unavailable: no connection within the connect timeout');
  };

  return {
    async run(work) {
      const client = sql;
      inFlight += 1;
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const deadline = new Promise<never>((_, reject) => {
        const check = async () => {
          const there = await serverAnswers(databaseUrl, ANSWER_TIMEOUT_MS);
          if (settled) return;
          if (there) timer = setTimeout(check, CONNECT_TIMEOUT_MS);
          else reject(unreachable(client));
        };
        timer = setTimeout(check, CONNECT_TIMEOUT_MS - ANSWER_TIMEOUT_MS);
      });
      try {
        return await Promise.race([work(client), deadline]);
      } catch (err) {
        throw translated(err);
      } finally {
        settled = true;
        clearTimeout(timer);
        inFlight -= 1;
      }
    },
    inFlight: () => inFlight,
    end: async () => {
      ended = true;
      await sql.end({ timeout: 5 });
    },
  };
}

/** The repositories' view of a client: each statement alone, pipelined on its connections. */
export function statementsOn(client: StoreClient): Queryable {
  return { query: (text, values) => client.run((sql) => runStatement(sql, text, values)) };
}

/**
 * Each statement alone on a connection it has to itself while it runs (never pipelined behind
 * another): one that waits on a lock holds up only its own request.
 */
export function reservedStatementsOn(client: StoreClient): Queryable {
  return {
    query: (text, values) =>
      client.run(async (sql) => {
        const connection = await sql.reserve();
        try {
          return await runStatement(connection, text, values);
        } finally {
          connection.release();
        }
      }),
  };
}

/** Each unit in a transaction of its own, holding one of the client's connections while it runs. */
export function transactionsOn(client: StoreClient): Transactor {
  return (work) =>
    client.run(
      (sql) => sql.begin((tx) => work(queryableOn(tx))) as Promise<Awaited<ReturnType<typeof work>>>,
    );
}
