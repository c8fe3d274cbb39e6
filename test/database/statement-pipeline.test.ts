import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOUNCES_UPDATES, CONNECT_TIMEOUT_MS } from '../../src/database/db.js';
import { openStatementPipeline, type StatementPipeline } from '../../src/database/statement-pipeline.js';
import { StoreUnavailableError } from '../../src/shared/errors.js';
import { createSchema, dropSchema, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { sleep } from '../helpers/store-backends.js';

if (!TEST_DATABASE_URL)
  console.warn('statement pipeline: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

/**
 * The connection every statement outside a unit of work goes through: it reads and writes
 * values as pg's pool does (the repositories run on either), keeps a failed statement to itself
 * while others are in flight behind it, and says "unavailable" the way the error handler maps to 503.
 */
describe.skipIf(!TEST_DATABASE_URL)('the statement pipeline', () => {
  const url = TEST_DATABASE_URL ?? '';
  let schema: string;
  let pipeline: StatementPipeline;

  beforeAll(async () => {
    schema = await createSchema(url);
    pipeline = openStatementPipeline(url, { schema });
    await pipeline.db.query(
      'CREATE TABLE samples (id text PRIMARY KEY, amount bigint NOT NULL, doc jsonb NOT NULL, at timestamptz NOT NULL, tags text[] NOT NULL)',
    );
  });
  afterAll(async () => {
    await pipeline?.close();
    await dropSchema(url, schema);
  });

  it('runs in the instance schema, with the setting that keeps the update trigger silent', async () => {
    const { rows } = await pipeline.db.query<{ schema: string; announces: string }>(
      `SELECT current_schema() AS schema, current_setting('${ANNOUNCES_UPDATES}', true) AS announces`,
    );
    expect(rows).toEqual([{ schema, announces: 'on' }]);
  });

  it('writes and reads values as the pool does: int8 as numbers, jsonb from text, dates, arrays', async () => {
    const at = new Date(Date.UTC(2026, 10, 27, 8, 30));
    const inserted = await pipeline.db.query(
      'INSERT INTO samples (id, amount, doc, at, tags) VALUES ($1, $2, $3::jsonb, $4, $5::text[])',
      ['a', 3_000_000_000, JSON.stringify({ lines: [{ q: 2 }] }), at, ['x', 'y']],
    );
    expect(inserted.rowCount).toBe(1);
    const { rows } = await pipeline.db.query('SELECT amount, doc, at, tags FROM samples WHERE id = $1', [
      'a',
    ]);
    expect(rows).toEqual([{ amount: 3_000_000_000, doc: { lines: [{ q: 2 }] }, at, tags: ['x', 'y'] }]);
  });

  it('sends an absent value as NULL, as the pool does', async () => {
    const { rows } = await pipeline.db.query<{ absent: boolean }>('SELECT $1::text IS NULL AS absent', [
      undefined,
    ]);
    expect(rows).toEqual([{ absent: true }]);
  });

  it('keeps a failing statement to itself: the ones sent around it still answer', async () => {
    const sent = [
      pipeline.db.query(
        'INSERT INTO samples (id, amount, doc, at, tags) VALUES ($1, 1, $2::jsonb, now(), $3)',
        ['b', '{}', []],
      ),
      pipeline.db.query(
        'INSERT INTO samples (id, amount, doc, at, tags) VALUES ($1, 1, $2::jsonb, now(), $3)',
        ['b', '{}', []],
      ),
      pipeline.db.query<{ n: number }>('SELECT count(*)::int AS n FROM samples'),
    ];
    const [first, duplicate, counted] = await Promise.allSettled(sent);
    expect(first).toMatchObject({ status: 'fulfilled' });
    expect(duplicate).toMatchObject({ status: 'rejected', reason: { code: '23505' } });
    expect(counted).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 2 }] } });
  });

  describe('with nothing answering at its address', () => {
    let silent: Server;
    let unreachable: StatementPipeline;
    let accepted = 0;

    beforeAll(async () => {
      // A port that accepts connections and closes them at once, like a server going down.
      silent = createServer((socket) => {
        accepted += 1;
        socket.destroy();
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const address = silent.address();
      const port = address && typeof address !== 'string' ? address.port : 0;
      const there = new URL(url);
      there.host = `127.0.0.1:${port}`;
      unreachable = openStatementPipeline(there.toString(), { schema });
    });
    afterAll(async () => {
      await unreachable?.close().catch(() => {});
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('fails within the connect timeout with StoreUnavailableError (503), and stops knocking', async () => {
      const started = Date.now();
      await expect(unreachable.db.query('SELECT 1')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 1_000);
      // postgres.js alone reconnects at once, hundreds of times a second, until its client ends.
      await sleep(200);
      const before = accepted;
      await sleep(500);
      expect(accepted - before).toBe(0);
    });
  });
});
