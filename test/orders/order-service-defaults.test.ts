import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ScryptPasswordHasher } from '../../src/auth/password-hasher.js';
import { createAppContext } from '../../src/context.js';
import { OrderService } from '../../src/orders/order.service.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createMemoryStores } from '../../src/stores/memory-stores.js';
import { createProduct, placeOrder } from '../helpers/shop.js';
import { registerUser, type TestApp } from '../helpers/test-app.js';
import { testConfig } from '../helpers/test-config.js';

/** An OrderService built without `unpaidTtlMs` falls back to 30 minutes (UNPAID_ORDER_TTL_SECONDS). */
const MINUTE = 60_000;
const clock = new ManualClock();
const config = testConfig();
const stores = createMemoryStores(config.uploadDir);
let t: TestApp;
beforeAll(async () => {
  const ctx = createAppContext(config, stores, { clock, hasher: new ScryptPasswordHasher(2 ** 10) });
  const app = await buildApp(ctx);
  await app.ready();
  t = { app, ctx, clock, routes: [] };
});
afterAll(() => t.app.close());

describe('OrderService without an unpaid TTL', () => {
  it('expires an unpaid order once more than 30 minutes have passed since checkout', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    const defaults = new OrderService({
      orders: stores.repos.orders,
      users: stores.repos.users,
      ids: t.ctx.ids,
      clock,
      placement: stores.placement,
      tx: stores.unitOfWork,
    });
    const checkedOutAt = clock.now();
    expect(await defaults.expireUnpaid(checkedOutAt + 30 * MINUTE, 10)).toBe(0);
    expect(await defaults.expireUnpaid(checkedOutAt + 30 * MINUTE + 1, 10)).toBe(1);
    expect((await stores.repos.orders.findById(order.id))?.status).toBe('ANNULEE');
  });
});
