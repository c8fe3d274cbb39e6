import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockPaymentGateway } from '../../src/orders/payment-gateway.js';
import { addToCart, checkout, createProduct, pay, placeOrder } from '../helpers/shop.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * A gateway the test steers: it can hold a charge until released, or fail once the
 * way a crashed provider would.
 */
class SteeredGateway extends MockPaymentGateway {
  hold: Promise<void> | null = null;
  started: () => void = () => {};
  failNext = false;

  override async charge(request: Parameters<MockPaymentGateway['charge']>[0]) {
    this.started();
    if (this.hold) await this.hold;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('gateway unreachable');
    }
    return super.charge(request);
  }
}

let t: TestApp;
let gateway: SteeredGateway;
beforeAll(async () => {
  gateway = new SteeredGateway();
  t = await buildTestApp({ gateway });
});
afterAll(() => t.app.close());

const key = (value: string) => ({ 'idempotency-key': value });

describe('Idempotency-Key edge cases', () => {
  it('answers 409 to the same key while its first request is still running, then replays it', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    let release: () => void = () => {};
    gateway.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started = new Promise<void>((resolve) => {
      gateway.started = resolve;
    });
    const first = pay(t.app, token, order.id, undefined, key('slow'));
    await started;
    const second = await pay(t.app, token, order.id, undefined, key('slow'));
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({
      detail: 'Une requête avec cette clé est déjà en cours de traitement.',
    });
    gateway.hold = null;
    release();
    expect((await first).statusCode).toBe(200);
    const replay = await pay(t.app, token, order.id, undefined, key('slow'));
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual((await first).json());
  });

  it('forgets the key of a request that failed on our side, so a retry runs again', async () => {
    const { token } = await registerUser(t.app);
    const order = await placeOrder(t.app, token, [{ productId: (await createProduct(t)).id, quantity: 1 }]);
    gateway.failNext = true;
    const crashed = await pay(t.app, token, order.id, undefined, key('retry'));
    expect(crashed.statusCode).toBe(500);
    expect(crashed.json()).toMatchObject({ detail: 'Erreur interne du serveur' });
    const retry = await pay(t.app, token, order.id, undefined, key('retry'));
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ order_id: order.id, succeeded: true });
  });

  it('keeps a key used for a checkout apart from the same key used for a payment', async () => {
    const { token } = await registerUser(t.app);
    await addToCart(t.app, token, (await createProduct(t)).id, 1);
    const placed = await checkout(t.app, token, undefined, key('shared-key'));
    expect(placed.statusCode).toBe(201);
    const paid = await pay(t.app, token, placed.json().id, undefined, key('shared-key'));
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({ order_id: placed.json().id, succeeded: true });
  });
});
