import { describe, expect, it } from 'vitest';
import type { Order } from '../../src/orders/order.js';
import { KeyNoLongerHeld, type ResultSeal } from '../../src/platform/idempotency/idempotency.repository.js';
import {
  backendUnavailable,
  cartRef,
  insertUser,
  openForSuite,
  productFixture,
  storeBackends,
  T0,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Issue 28: a keyed checkout's answer is sealed in the step that places its order, on both
 * stores: both are written, or, when the request no longer holds its key, neither is.
 */
describe.each(storeBackends)('%s store: a checkout sealed with its key', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);

  async function cartOfTwo() {
    const userId = await insertUser(stores());
    const product = productFixture({ stockQty: 5 });
    await stores().repos.products.insert(product);
    await stores().repos.carts.addWithinLimit(userId, cartRef(product), 2, 1_000);
    const key = `${userId}:checkout:${uid('k')}`;
    const holder = uid('h');
    expect(await stores().repos.idempotency.begin(key, 'hash', holder, T0, T0 + DAY)).toEqual({
      state: 'started',
    });
    return { userId, product, key, holder };
  }
  const draft = (userId: string) => ({
    id: uid('o'),
    userId,
    shippingAddress: null,
    at: T0,
    mailId: uid('m'),
  });
  const sealAs =
    (key: string, holder: string): ResultSeal<Order> =>
    (order, keys) =>
      keys.seal(key, holder, { statusCode: 201, body: { id: order.id } }, T0 + DAY);

  it.skipIf(skip)('stores the order and its answer together', async () => {
    const { userId, key, holder } = await cartOfTwo();
    const placed = await stores().placement.place(draft(userId), sealAs(key, holder));
    expect(placed.ok).toBe(true);
    const again = await stores().repos.idempotency.begin(key, 'hash', uid('h'), T0 + 1, T0 + DAY);
    expect(again).toMatchObject({
      state: 'completed',
      record: { response: { statusCode: 201, body: { id: placed.ok ? placed.order.id : '' } } },
    });
  });

  it.skipIf(skip)('places nothing when the key is no longer this request’s', async () => {
    const { userId, product, key } = await cartOfTwo();
    await expect(stores().placement.place(draft(userId), sealAs(key, 'someone-else'))).rejects.toBeInstanceOf(
      KeyNoLongerHeld,
    );
    expect((await stores().repos.orders.pageOfUser(userId, { limit: 5 })).items).toEqual([]);
    expect((await stores().repos.products.findById(product.id))?.stockQty).toBe(5);
    expect(await stores().repos.carts.get(userId)).toHaveLength(1);
  });
});
