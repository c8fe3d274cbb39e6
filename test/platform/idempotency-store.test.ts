import { afterEach, describe, expect, it } from 'vitest';
import type {
  IdempotencyRepository,
  KeyBounds,
} from '../../src/platform/idempotency/idempotency.repository.js';
import { adminQuery, postgresStoresInNewSchema, TEST_DATABASE_URL } from '../helpers/postgres.js';
import {
  backendUnavailable,
  type OpenedStores,
  storeBackends,
  T0,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

/**
 * Idempotency keys are bounded (issue 12): per owner and in the whole store, a new key makes
 * way by forgetting the oldest completed (or expired) key, never one in progress; when only
 * keys in progress are left, the outcome is `full` and nothing is stored. Same on both stores.
 */
warnWhenPostgresSkipped('idempotency bounds');

const LEASE = 10_000;
const DAY = 24 * 60 * 60 * 1000;
const ANSWER = { statusCode: 400, body: { detail: 'Panier vide.' } };

describe.each(storeBackends)('%s store: bounded idempotency keys', (name, open) => {
  const skip = backendUnavailable(name);
  let opened: OpenedStores | undefined;
  afterEach(async () => {
    await opened?.drop();
    opened = undefined;
  });
  const fresh = async (): Promise<IdempotencyRepository> => {
    opened = await open();
    return opened.stores.repos.idempotency;
  };

  const bounds = (owner: string, maxPerOwner: number, maxTotal = 1_000): KeyBounds => ({
    owner,
    maxPerOwner,
    maxTotal,
  });
  const start = (keys: IdempotencyRepository, key: string, b: KeyBounds, now = T0) =>
    keys.begin(key, 'h', `holder-${key}`, now, now + LEASE, b);
  const startAndComplete = async (keys: IdempotencyRepository, key: string, b: KeyBounds, now = T0) => {
    expect(await start(keys, key, b, now)).toEqual({ state: 'started' });
    await keys.complete(key, `holder-${key}`, ANSWER, now + DAY);
  };
  /** Which of `keys` are still held (replayed or in progress) at T0 + 1; looking claims the others. */
  const held = async (keys: IdempotencyRepository, names: string[]): Promise<string[]> => {
    const states = await Promise.all(
      names.map(async (key) => [key, (await keys.begin(key, 'h', 'probe', T0 + 1, T0 + 2)).state] as const),
    );
    return states.filter(([, state]) => state !== 'started').map(([key]) => key);
  };

  it.skipIf(skip)("forgets the user's oldest completed key past the bound, and no one else's", async () => {
    const keys = await fresh();
    const [alice, bob] = [uid('alice'), uid('bob')];
    await startAndComplete(keys, 'bob-1', bounds(bob, 3));
    for (const key of ['a-1', 'a-2', 'a-3', 'a-4', 'a-5'])
      await startAndComplete(keys, key, bounds(alice, 3));
    expect(await held(keys, ['a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'bob-1'])).toEqual([
      'a-3',
      'a-4',
      'a-5',
      'bob-1',
    ]);
  });

  it.skipIf(skip)('never forgets a key in progress, and is full when only those are left', async () => {
    const keys = await fresh();
    const owner = uid('u');
    expect(await start(keys, 'running-1', bounds(owner, 3))).toEqual({ state: 'started' });
    await startAndComplete(keys, 'done-2', bounds(owner, 3));
    expect(await start(keys, 'running-3', bounds(owner, 3))).toEqual({ state: 'started' });
    // The bound is reached: the oldest key is in progress, so the completed one goes instead.
    expect(await start(keys, 'running-4', bounds(owner, 3))).toEqual({ state: 'started' });
    expect(await start(keys, 'refused-5', bounds(owner, 3))).toEqual({ state: 'full' });
    // Nothing was stored for the refused key, and the running ones are all still held.
    expect(await held(keys, ['running-1', 'done-2', 'running-3', 'running-4', 'refused-5'])).toEqual([
      'running-1',
      'running-3',
      'running-4',
    ]);
  });

  it.skipIf(skip)('lets a key whose lease lapsed make way, like a completed one', async () => {
    const keys = await fresh();
    const owner = uid('u');
    expect(await start(keys, 'dead-1', bounds(owner, 2))).toEqual({ state: 'started' });
    expect(await start(keys, 'dead-2', bounds(owner, 2))).toEqual({ state: 'started' });
    expect(await start(keys, 'early-3', bounds(owner, 2), T0 + 1)).toEqual({ state: 'full' });
    // Once the leases lapsed, their holders are presumed dead and their keys count for nothing.
    expect(await start(keys, 'late-3', bounds(owner, 2), T0 + LEASE)).toEqual({ state: 'started' });
    expect(await start(keys, 'late-4', bounds(owner, 2), T0 + LEASE)).toEqual({ state: 'started' });
  });

  it.skipIf(skip)(
    "forgets the store's oldest completed key, whoever sent it, past the store bound",
    async () => {
      const keys = await fresh();
      const [alice, bob] = [uid('alice'), uid('bob')];
      await startAndComplete(keys, 'a-1', bounds(alice, 10, 3));
      await startAndComplete(keys, 'b-1', bounds(bob, 10, 3));
      await startAndComplete(keys, 'a-2', bounds(alice, 10, 3));
      await startAndComplete(keys, 'b-2', bounds(bob, 10, 3));
      expect(await held(keys, ['a-1', 'b-1', 'a-2', 'b-2'])).toEqual(['b-1', 'a-2', 'b-2']);
    },
  );

  it.skipIf(skip)('keeps a taken-over key as the youngest: the older ones go first', async () => {
    const keys = await fresh();
    const owner = uid('u');
    expect(await start(keys, 'crashed', bounds(owner, 2))).toEqual({ state: 'started' });
    await startAndComplete(keys, 'done', bounds(owner, 2));
    // The retry takes the crashed key over after its lease; it is now newer than 'done'.
    expect(await start(keys, 'crashed', bounds(owner, 2), T0 + LEASE)).toEqual({ state: 'started' });
    await keys.complete('crashed', 'holder-crashed', ANSWER, T0 + DAY);
    await startAndComplete(keys, 'next', bounds(owner, 2), T0 + LEASE);
    expect(await held(keys, ['crashed', 'done', 'next'])).toEqual(['crashed', 'next']);
  });

  it.skipIf(skip)('holds the bound when one user begins 40 keys at once', async () => {
    const keys = await fresh();
    const owner = uid('u');
    const names = Array.from({ length: 40 }, (_, i) => `burst-${i}`);
    const outcomes = await Promise.all(
      names.map(async (key) => {
        const begun = await start(keys, key, bounds(owner, 5));
        if (begun.state === 'started') await keys.complete(key, `holder-${key}`, ANSWER, T0 + DAY);
        return begun.state;
      }),
    );
    // Some may find the bound full of keys still in progress; none is ever over it.
    expect(outcomes.filter((state) => state === 'started').length).toBeGreaterThanOrEqual(5);
    expect((await held(keys, names)).length).toBeLessThanOrEqual(5);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('postgres store: the idempotency_keys table', () => {
  it('holds at most the bound of rows for a user who sent 300 fresh keys', async () => {
    const { stores, schema, drop } = await postgresStoresInNewSchema(TEST_DATABASE_URL ?? '');
    try {
      const keys = stores.repos.idempotency;
      const b: KeyBounds = { owner: 'flooder', maxPerOwner: 25, maxTotal: 1_000 };
      for (let i = 0; i < 300; i += 1) {
        const key = `flooder:checkout:${i}`;
        expect(await keys.begin(key, 'h', `h${i}`, T0 + i, T0 + i + LEASE, b)).toEqual({ state: 'started' });
        await keys.complete(key, `h${i}`, ANSWER, T0 + i + DAY);
      }
      const rows = await adminQuery<{ n: number; oldest: string }>(
        TEST_DATABASE_URL ?? '',
        `SELECT count(*)::int AS n, min(key) AS oldest FROM ${schema}.idempotency_keys WHERE owner = 'flooder'`,
      );
      expect(rows[0]?.n).toBe(25);
      // The youngest 25 (275 … 299) are the ones kept.
      expect(rows[0]?.oldest).toBe('flooder:checkout:275');
    } finally {
      await stores.close();
      await drop();
    }
  });
});
