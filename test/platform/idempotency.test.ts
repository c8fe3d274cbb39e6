import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToCart,
  checkout,
  createProduct,
  DECLINED_CARD,
  pay,
  placeOrder,
  stockOf,
} from '../helpers/shop.js';
import { buildTestApp, loginAs, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.app.close());

const key = (value: string) => ({ 'idempotency-key': value });

describe('Idempotency-Key on checkout', () => {
  it('replays the first response without a second order', async () => {
    const { token, userId } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 10 });
    await addToCart(t.app, token, product.id, 2);
    const first = await checkout(t.app, token, { shipping_address: '1 rue Une, Lyon' }, key('checkout-1'));
    // The cart is now empty: without the key this would be "Panier vide.".
    const replay = await checkout(t.app, token, { shipping_address: '1 rue Une, Lyon' }, key('checkout-1'));
    expect(first.statusCode).toBe(201);
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
    expect(await t.ctx.repos.orders.list({ userId })).toHaveLength(1);
    expect(await stockOf(t, product.id)).toBe(8);
  });

  it('answers 409 when the same key comes with another body', async () => {
    const { token } = await registerUser(t.app);
    await addToCart(t.app, token, (await createProduct(t)).id, 1);
    await checkout(t.app, token, { shipping_address: '1 rue Une, Lyon' }, key('checkout-2'));
    const other = await checkout(t.app, token, { shipping_address: '2 rue Deux, Lyon' }, key('checkout-2'));
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ detail: "Clé d'idempotence déjà utilisée avec une autre requête." });
  });

  it('keeps keys apart between users', async () => {
    const one = await registerUser(t.app);
    const two = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, one.token, product.id, 1);
    await addToCart(t.app, two.token, product.id, 1);
    const a = await checkout(t.app, one.token, undefined, key('shared'));
    const b = await checkout(t.app, two.token, undefined, key('shared'));
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(a.json().id).not.toBe(b.json().id);
  });

  it('expires a key after 24 hours', async () => {
    const { token: firstToken, email } = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, firstToken, product.id, 1);
    const first = await checkout(t.app, firstToken, undefined, key('old'));
    t.clock.advance(24 * 3600 * 1000);
    const token = await loginAs(t.app, email, 'secret123');
    await addToCart(t.app, token, product.id, 1);
    const later = await checkout(t.app, token, undefined, key('old'));
    expect(later.statusCode).toBe(201);
    expect(later.json().id).not.toBe(first.json().id);
  });

  it('refuses a key longer than 255 characters with 422', async () => {
    const { token } = await registerUser(t.app);
    const res = await checkout(t.app, token, undefined, key('k'.repeat(256)));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['header', 'idempotency-key']);
  });
});

describe('Idempotency-Key on pay', () => {
  it('replays the payment without a second charge', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    const first = await pay(t.app, token, order.id, undefined, key('pay-1'));
    const replay = await pay(t.app, token, order.id, undefined, key('pay-1'));
    expect(first.statusCode).toBe(200);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(first.json());
    expect(await t.ctx.repos.payments.listByOrder(order.id)).toHaveLength(1);
  });

  it('replays a declined payment as the same 400, and a retry with a new key may succeed', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    const declined = await pay(t.app, token, order.id, DECLINED_CARD, key('pay-2'));
    const replay = await pay(t.app, token, order.id, DECLINED_CARD, key('pay-2'));
    expect(declined.statusCode).toBe(400);
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toMatchObject({ detail: 'Paiement refusé.' });
    expect(await t.ctx.repos.payments.listByOrder(order.id)).toHaveLength(1);
    expect((await pay(t.app, token, order.id, undefined, key('pay-3'))).statusCode).toBe(200);
  });

  it('treats a reordered body as the same request', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    await pay(t.app, token, order.id, undefined, key('pay-4'));
    const reordered = await t.app.inject({
      method: 'POST',
      url: '/api/orders/pay',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...key('pay-4') },
      payload: `{"cvc":"123","exp_year":2030,"exp_month":12,"card_number":"4242 4242 4242 4242","order_id":"${order.id}"}`,
    });
    expect(reordered.statusCode).toBe(200);
  });
});
