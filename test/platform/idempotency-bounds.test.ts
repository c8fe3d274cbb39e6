import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StuckOnceGateway } from '../helpers/gateways.js';
import { addToCart, checkout, createProduct, pay } from '../helpers/shop.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 12: one customer sending fresh Idempotency-Keys grew the server without bound. Past
 * IDEMPOTENCY_MAX_KEYS_PER_USER live keys, a new key forgets that customer's oldest
 * completed one (so a retry of it runs again); keys still in progress are never forgotten,
 * and a customer whose bound is full of them gets 429. On the backend of the run.
 */
const MAX_KEYS = 3;
const key = (name: string) => ({ 'idempotency-key': name });

describe('Idempotency-Key bounds per user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ config: { idempotencyMaxKeysPerUser: MAX_KEYS } });
  });
  afterAll(() => t.app.close());

  it("forgets the customer's oldest answer past the bound: its retry runs again", async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, token, product.id, 1);
    const first = await checkout(t.app, token, undefined, key('k-1'));
    expect(first.statusCode).toBe(201);
    for (const name of ['k-2', 'k-3', 'k-4']) {
      const empty = await checkout(t.app, token, undefined, key(name));
      expect(empty.json()).toMatchObject({ detail: 'Panier vide.' });
    }

    await addToCart(t.app, token, product.id, 1);
    // k-4 is among the 3 kept: its stored 400 is replayed, although the cart is full now.
    const replayed = await checkout(t.app, token, undefined, key('k-4'));
    expect(replayed.statusCode).toBe(400);
    expect(replayed.json()).toMatchObject({ detail: 'Panier vide.' });
    // k-1 was forgotten: the retry is a new request, so it places a second order.
    const again = await checkout(t.app, token, undefined, key('k-1'));
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(first.json().id);
  });

  it("keeps another customer's answers while one customer floods keys", async () => {
    const patient = await registerUser(t.app);
    const flooder = await registerUser(t.app);
    const kept = await checkout(t.app, patient.token, undefined, key('mine'));
    for (let i = 0; i < 20; i += 1) await checkout(t.app, flooder.token, undefined, key(`flood-${i}`));

    const product = await createProduct(t);
    await addToCart(t.app, patient.token, product.id, 1);
    const replayed = await checkout(t.app, patient.token, undefined, key('mine'));
    expect(replayed.statusCode).toBe(kept.statusCode);
    expect(replayed.json()).toEqual(kept.json());
  });
});

describe('Idempotency-Key bound full of requests in progress', () => {
  let t: TestApp;
  let gateway: StuckOnceGateway;
  beforeAll(async () => {
    gateway = new StuckOnceGateway();
    t = await buildTestApp({ config: { idempotencyMaxKeysPerUser: 1 }, gateway });
  });
  afterAll(() => t.app.close());

  it('answers 429 in French, and takes the next key once the running one ends', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t);
    await addToCart(t.app, token, product.id, 1);
    const order = (await checkout(t.app, token)).json();

    // The payment waits at the gateway, holding the customer's only key.
    const waiting = gateway.release;
    const paying = pay(t.app, token, order.id, undefined, key('pay-1'));
    while (gateway.release === waiting) await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await checkout(t.app, token, undefined, key('checkout-1'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      detail: "Trop de requêtes avec clé d'idempotence en cours, réessayez dans un instant.",
      code: 'IDEMPOTENCY_KEYS_EXHAUSTED',
    });

    gateway.release();
    expect((await paying).statusCode).toBe(200);
    const accepted = await checkout(t.app, token, undefined, key('checkout-1'));
    expect(accepted.json()).toMatchObject({ detail: 'Panier vide.' });
  });
});
