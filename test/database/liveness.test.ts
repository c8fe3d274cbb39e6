import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '../../src/stores/connect-postgres.js';
import type { Stores } from '../../src/stores/stores.js';
import {
  adminQuery,
  databaseUrlWithSchema,
  pgStoreOptions,
  postgresStoresInNewSchema,
  type SchemaStores,
  TEST_DATABASE_URL,
} from '../helpers/postgres.js';
import { insertOrder, insertUser, T0 } from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

if (!TEST_DATABASE_URL)
  console.warn('instance liveness: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

const DAY = 24 * 60 * 60 * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long `free` takes to say yes, polled every 50 ms; Infinity past `withinMs`. */
async function timeUntil(free: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await free()) return Date.now() - started;
    await sleep(50);
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * Issue 28, "a dead instance's claims": an Idempotency-Key in progress and a payment claim
 * belong to the instance that made them for as long as it lives (its liveness lock,
 * src/database/liveness.ts), and are free within 2 s of its death, whatever time bound they
 * carry. Before, they held for their whole lease (10 s for a key, 5 s for a claim).
 */
describe.skipIf(!TEST_DATABASE_URL)('claims held by an instance that dies', () => {
  const url = TEST_DATABASE_URL ?? '';
  let survivor: SchemaStores;
  let doomed: Stores;

  beforeAll(async () => {
    survivor = await postgresStoresInNewSchema(url);
    doomed = await connectPostgres(url, pgStoreOptions(survivor.schema));
  });
  afterAll(async () => {
    await doomed?.close().catch(() => {});
    await survivor?.stores.close();
    await survivor?.drop();
  });

  it('are held while it lives, even when its liveness connection is cut, and free within 2 s of its end', {
    timeout: 30_000,
  }, async () => {
    const key = uid('key');
    expect(await doomed.repos.idempotency.begin(key, 'h', 'doomed', T0, T0 + DAY)).toEqual({
      state: 'started',
    });
    const owner = await insertUser(survivor.stores);
    const order = await insertOrder(survivor.stores, owner, { createdAt: T0 });
    const claim = (stores: Stores, now: number) =>
      stores.repos.orders.claimPayment(order.id, {
        ownerId: owner,
        payableFrom: ['CREE'],
        createdSince: T0,
        now,
        leaseUntil: now + DAY,
      });
    expect(await claim(doomed, T0)).not.toBeNull();

    const keyFree = async () =>
      (await survivor.stores.repos.idempotency.begin(key, 'h', 'retry', T0 + 1, T0 + DAY)).state ===
      'started';
    const claimFree = async () => (await claim(survivor.stores, T0 + 1)) !== null;
    expect(await keyFree()).toBe(false);
    expect(await claimFree()).toBe(false);

    // Its liveness connection cut by the server (a restart of a proxy, say): the instance holds
    // its lock again at once, under the same number, and its claims stay its own.
    const schemaUrl = databaseUrlWithSchema(url, survivor.schema);
    const [held] = await adminQuery<{ instance: number }>(
      schemaUrl,
      'SELECT holder_instance AS instance FROM idempotency_keys WHERE key = $1',
      [key],
    );
    await adminQuery(
      url,
      `SELECT pg_terminate_backend(pid) FROM pg_locks
       WHERE locktype = 'advisory' AND classid = 28 AND objid = $1::int::oid AND objsubid = 2`,
      [held?.instance],
    );
    await sleep(1_000);
    expect(await keyFree()).toBe(false);
    expect(await claimFree()).toBe(false);

    // The instance ends (a SIGKILL closes its connections the same way).
    await doomed.close();
    const keyMs = await timeUntil(keyFree, 2_000);
    const claimMs = await timeUntil(claimFree, 2_000);
    console.info(
      `liveness: a dead instance's key free after ${keyMs} ms, its payment claim after ${claimMs} ms`,
    );
    expect(keyMs).toBeLessThan(2_000);
    expect(claimMs).toBeLessThan(2_000);
  });
});
