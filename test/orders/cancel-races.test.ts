import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminPost, adminToken, createProduct, pay, placeOrder, stockOf } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * The request that loses a race must be told why in the words of the state it lost
 * to, not the state it read before the winner moved the order.
 */
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

const cancel = (token: string, orderId: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/orders/cancel',
    headers: bearer(token),
    payload: { order_id: orderId },
  });

describe('races around a cancel', () => {
  it('tells every cancel that loses to another cancel "Commande déjà annulée."', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 6 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 4 }]);
    const results = await Promise.all(Array.from({ length: 6 }, () => cancel(token, order.id)));
    const winners = results.filter((r) => r.statusCode === 200);
    const losers = results.filter((r) => r.statusCode !== 200);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => [r.statusCode, r.json()])).toEqual(
      Array.from({ length: 5 }, () => [400, { detail: 'Commande déjà annulée.', code: 'ALREADY_CANCELLED' }]),
    );
    expect(await stockOf(t, product.id)).toBe(6);
  });

  /**
   * Makes the cancel read the order, then lets `winner` run to completion before the
   * cancel goes on: the losing interleaving, every time rather than by luck.
   */
  async function cancelLosingTo(
    token: string,
    orderId: string,
    winner: () => Promise<LightMyRequestResponse>,
  ) {
    const orders = t.ctx.repos.orders;
    const read = orders.findById.bind(orders);
    let won: LightMyRequestResponse | undefined;
    vi.spyOn(orders, 'findById').mockImplementationOnce(async (id) => {
      const seen = await read(id);
      won = await winner();
      return seen;
    });
    const lost = await cancel(token, orderId);
    vi.restoreAllMocks();
    if (!won) throw new Error('the cancel never read the order');
    return { won, lost };
  }

  it('tells a cancel that read the order before another cancel won "Commande déjà annulée."', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    const placed = await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }]);
    const { won, lost } = await cancelLosingTo(token, placed.id, () => cancel(token, placed.id));
    expect(won.statusCode).toBe(200);
    expect(lost.statusCode).toBe(400);
    expect(lost.json()).toMatchObject({ detail: 'Commande déjà annulée.' });
    expect(await stockOf(t, product.id)).toBe(5);
  });

  it('tells a cancel that read the order before it shipped "Trop tard pour annuler : commande expédiée."', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 5 });
    const placed = await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }]);
    expect((await pay(t.app, token, placed.id)).statusCode).toBe(200);
    const { won, lost } = await cancelLosingTo(token, placed.id, () =>
      adminPost(t.app, admin, '/orders/ship', { order_id: placed.id }),
    );
    expect(won.statusCode).toBe(200);
    expect(lost.statusCode).toBe(400);
    expect(lost.json()).toMatchObject({ detail: 'Trop tard pour annuler : commande expédiée.' });
    expect((await t.ctx.repos.orders.findById(placed.id))?.status).toBe('EXPEDIEE');
    expect(await stockOf(t, product.id)).toBe(3);
  });
});
