import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOUNCE_EVERY_MS } from '../../src/catalog/stock-announcer.js';
import { channelOf } from '../../src/database/change-feed.js';
import { postgresStoresInNewSchema, type SchemaStores, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { insertUser, productFixture, sleep, T0 } from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

if (!TEST_DATABASE_URL)
  console.warn('change announcements: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

/**
 * What the other instances hear of this instance's product writes, read off the channel itself:
 * stock moves in one batch after commit, not one notification per transaction; edits in their
 * own statement; inserts through the trigger.
 */
describe.skipIf(!TEST_DATABASE_URL)('announcements of the API’s product writes', () => {
  const url = TEST_DATABASE_URL ?? '';
  let opened: SchemaStores;
  let listener: pg.Client;
  const heard: string[] = [];

  beforeAll(async () => {
    opened = await postgresStoresInNewSchema(url);
    listener = new pg.Client({ connectionString: url });
    await listener.connect();
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query(`LISTEN ${pg.escapeIdentifier(channelOf(opened.schema))}`);
  });
  afterAll(async () => {
    await listener?.end();
    await opened?.stores.close();
    await opened?.drop();
  });

  /** Everything heard once the announcer's delay (and some) has passed. */
  const settle = async (): Promise<string[]> => {
    await sleep(ANNOUNCE_EVERY_MS * 6);
    return heard.splice(0);
  };

  it('announces reservations, releases and checkouts of one product in one batch carrying the last stock', async () => {
    const { stores } = opened;
    const product = productFixture({ stockQty: 50 });
    await stores.repos.products.insert(product);
    expect(await settle(), 'an insert is announced by the trigger').toEqual([`p|${product.id}|0|50|r`]);

    const line = [{ productId: product.id, quantity: 2 }];
    for (let i = 0; i < 3; i += 1) await stores.unitOfWork.run((repos) => repos.products.reserve(line));
    await stores.unitOfWork.run((repos) => repos.products.release(line));
    const shopper = await insertUser(stores);
    await stores.repos.carts.addWithinLimit(shopper, product.id, 5, 1_000);
    const placed = await stores.placement.place({
      id: uid('o'),
      userId: shopper,
      shippingAddress: '1 rue',
      at: T0,
    });
    expect(placed.ok).toBe(true);

    // Five writes: 50 − 3×2 + 2 − 5 = 41 at version 5, in one payload, and nothing per transaction.
    expect(await settle()).toEqual([`b${JSON.stringify([[product.id, 5, 41]])}`]);
  });

  it('announces an edit in its own statement, for every copy to read the row again', async () => {
    const product = productFixture({ stockQty: 7 });
    await opened.stores.repos.products.insert(product);
    await settle();
    await opened.stores.repos.products.update(product.id, { priceCents: 4_321 });
    expect(await settle()).toEqual([`p|${product.id}|1|7|r`]);
  });

  it('splits a large batch into payloads PostgreSQL accepts', async () => {
    const products = Array.from({ length: 120 }, () => productFixture({ stockQty: 3 }));
    for (const product of products) await opened.stores.repos.products.insert(product);
    await settle();
    await opened.stores.unitOfWork.run((repos) =>
      repos.products.reserve(products.map((p) => ({ productId: p.id, quantity: 1 }))),
    );
    const payloads = await settle();
    expect(payloads.length).toBeGreaterThan(1);
    const moves = payloads.flatMap((payload) => {
      expect(payload.startsWith('b')).toBe(true);
      return JSON.parse(payload.slice(1)) as [string, number, number][];
    });
    expect(moves.map(([id]) => id).sort()).toEqual(products.map((p) => p.id).sort());
    expect(moves.every(([, version, stock]) => version === 1 && stock === 2)).toBe(true);
  });
});
