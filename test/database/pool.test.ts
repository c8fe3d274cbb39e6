import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/database/db.js';
import { openStoreClient, type StoreClient, statementsOn } from '../../src/database/store-client.js';
import { StoreUnavailableError } from '../../src/shared/errors.js';
import type { Logger } from '../../src/shared/logger.js';
import { connectPostgres } from '../../src/stores/connect-postgres.js';
import type { Stores } from '../../src/stores/stores.js';
import {
  adminQuery,
  createSchema,
  dropSchema,
  pgStoreOptions,
  TEST_DATABASE_URL,
} from '../helpers/postgres.js';

if (!TEST_DATABASE_URL)
  console.warn('the PostgreSQL clients: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

/** A logger that keeps what it was told. */
function recordingLogger() {
  const lines: { level: string; details: object; message: string }[] = [];
  const at =
    (level: string) =>
    (details: object, message: string): void => {
      lines.push({ level, details, message });
    };
  const logger: Logger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

/**
 * The postgres.js clients every statement of an instance goes through: how they read and write
 * values, how they say the database is gone, and where they report what happens to their connections.
 */
describe.skipIf(!TEST_DATABASE_URL)('the PostgreSQL clients of an instance', () => {
  const url = TEST_DATABASE_URL ?? '';
  let schema: string;
  let client: StoreClient;
  let db: Queryable;

  beforeAll(async () => {
    schema = await createSchema(url);
    client = openStoreClient(url, { schema, max: 2 });
    db = statementsOn(client);
    await db.query(
      'CREATE TABLE samples (id text PRIMARY KEY, amount bigint NOT NULL, doc jsonb NOT NULL, at timestamptz NOT NULL, tags text[] NOT NULL)',
    );
  });
  afterAll(async () => {
    await client?.end();
    await dropSchema(url, schema);
  });

  it('runs in the instance schema', async () => {
    const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
    expect(rows).toEqual([{ schema }]);
  });

  it('writes and reads int8 as numbers, jsonb from text, dates and arrays', async () => {
    const at = new Date(Date.UTC(2026, 10, 27, 8, 30));
    const inserted = await db.query(
      'INSERT INTO samples (id, amount, doc, at, tags) VALUES ($1, $2, $3::jsonb, $4, $5::text[])',
      ['a', 3_000_000_000, JSON.stringify({ lines: [{ q: 2 }] }), at, ['x', 'y']],
    );
    expect(inserted.rowCount).toBe(1);
    const { rows } = await db.query('SELECT amount, doc, at, tags FROM samples WHERE id = $1', ['a']);
    expect(rows).toEqual([{ amount: 3_000_000_000, doc: { lines: [{ q: 2 }] }, at, tags: ['x', 'y'] }]);
  });

  it('sends an absent value as NULL', async () => {
    const { rows } = await db.query<{ absent: boolean }>('SELECT $1::text IS NULL AS absent', [undefined]);
    expect(rows).toEqual([{ absent: true }]);
  });

  it('keeps a failing statement to itself: the ones sent beside it still answer', async () => {
    const insert = 'INSERT INTO samples (id, amount, doc, at, tags) VALUES ($1, 1, $2::jsonb, now(), $3)';
    const [first, duplicate, counted] = await Promise.allSettled([
      db.query(insert, ['b', '{}', []]),
      db.query(insert, ['b', '{}', []]),
      db.query<{ n: number }>('SELECT count(*)::int AS n FROM samples'),
    ]);
    const outcomes = [first, duplicate].map((o) => o.status).sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    expect([first, duplicate].find((o) => o.status === 'rejected')).toMatchObject({
      reason: { code: '23505' },
    });
    expect(counted.status).toBe('fulfilled');
  });

  it('lets a long statement run past the connect timeout: the server is there, it is working', {
    timeout: 15_000,
  }, async () => {
    const started = Date.now();
    const { rows } = await db.query<{ slept: boolean }>('SELECT pg_sleep(5.5) IS NOT NULL AS slept');
    expect(rows).toEqual([{ slept: true }]);
    expect(Date.now() - started).toBeGreaterThan(5_000);
  });

  describe('with nothing answering at its address', () => {
    let silent: Server;
    let unreachable: StoreClient;
    let knocks = 0;

    beforeAll(async () => {
      // A port that accepts connections and closes them at once, like a proxy before a stopped database.
      silent = createServer((socket) => {
        knocks += 1;
        socket.destroy();
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const address = silent.address();
      const there = new URL(url);
      there.host = `127.0.0.1:${address && typeof address !== 'string' ? address.port : 0}`;
      unreachable = openStoreClient(there.toString(), { schema, max: 1 });
    });
    afterAll(async () => {
      await unreachable?.end().catch(() => {});
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('fails with StoreUnavailableError (503), within the connect timeout, and stops knocking', {
      timeout: 10_000,
    }, async () => {
      const started = Date.now();
      await expect(statementsOn(unreachable).query('SELECT 1')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(knocks, 'it did knock').toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = knocks;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(knocks).toBe(after);
    });
  });

  describe('when the server drops an idle connection', () => {
    const name = `pool-test-${Math.random().toString(36).slice(2, 10)}`;
    const { logger, lines } = recordingLogger();
    let stores: Stores;
    let named: string;

    beforeAll(async () => {
      const withName = new URL(url);
      withName.searchParams.set('application_name', name);
      named = withName.toString();
      // Migrated once already: the second start's CREATE TABLE IF NOT EXISTS draws a notice.
      await (await connectPostgres(url, pgStoreOptions(schema))).close();
      stores = await connectPostgres(named, pgStoreOptions(schema, { logger }));
    });
    afterAll(async () => {
      await stores?.close();
    });

    it('passes the server’s notices to the app’s logger', () => {
      expect(lines).toContainEqual({
        level: 'info',
        message: 'PostgreSQL notice',
        details: expect.objectContaining({ code: '42P07' }),
      });
    });

    it('tells the app’s logger, without the connection string, and keeps serving', async () => {
      expect(await stores.isReady()).toBe(true);
      const terminated = await adminQuery(
        url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle'",
        [name],
      );
      expect(terminated.length).toBeGreaterThan(0);
      const deadline = Date.now() + 2_000;
      while (!lines.some((line) => line.level === 'error') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const errors = lines.filter((line) => line.level === 'error');
      expect(errors[0]).toMatchObject({
        message: 'PostgreSQL closed a connection',
        details: { client: 'pool', connection: expect.any(Number) },
      });
      const said = JSON.stringify(lines);
      expect(said).not.toContain(named);
      expect(said).not.toContain(`:${new URL(url).password}@`);
      expect(await stores.isReady(), 'a new connection replaces it').toBe(true);
    });
  });
});
