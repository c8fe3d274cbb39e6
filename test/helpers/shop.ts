import type { FastifyInstance } from 'fastify';
import type { ProductInput } from '../../src/catalog/catalog.service.js';
import type { Product } from '../../src/catalog/product.js';
import { bearer, loginAs, registerUser, type TestApp } from './test-app.js';
import { uid } from './uid.js';

let productCounter = 0;

export async function createProduct(t: TestApp, overrides: ProductInput = {}): Promise<Product> {
  productCounter += 1;
  return t.ctx.services.catalog.createFromInput({
    name: `Produit ${productCounter}`,
    description: 'Un produit de test',
    priceCents: 1000,
    stockQty: 10,
    imageUrl: null,
    active: true,
    ...overrides,
  });
}

/** An admin account made through the service (HTTP registration can never make one). */
export async function adminToken(t: TestApp): Promise<string> {
  const email = `${uid('admin')}@example.com`;
  await t.ctx.services.auth.createAccount(
    {
      email,
      password: 'admin-secret',
      firstName: 'Ada',
      lastName: 'Admin',
      address: '1 rue de l’Admin, Paris',
    },
    { isAdmin: true },
  );
  return loginAs(t.app, email, 'admin-secret');
}

export const customer = registerUser;

export const VALID_CARD = { card_number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2030, cvc: '123' };
export const DECLINED_CARD = { ...VALID_CARD, card_number: '4000000000000000' };

export async function addToCart(app: FastifyInstance, token: string, productId: string, quantity: number) {
  return app.inject({
    method: 'POST',
    url: '/api/cart/add',
    headers: bearer(token),
    payload: { product_id: productId, quantity },
  });
}

export async function checkout(
  app: FastifyInstance,
  token: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: '/api/orders/checkout',
    headers: { ...bearer(token), ...headers },
    ...(payload === undefined ? {} : { payload }),
  });
}

/** Adds the lines to the cart and checks out; returns the created order. */
export async function placeOrder(
  app: FastifyInstance,
  token: string,
  lines: { productId: string; quantity: number }[],
): Promise<{ id: string; total_cents: number; status: string }> {
  for (const line of lines) {
    const added = await addToCart(app, token, line.productId, line.quantity);
    if (added.statusCode !== 200) throw new Error(`add failed: ${added.body}`);
  }
  const res = await checkout(app, token);
  if (res.statusCode !== 201) throw new Error(`checkout failed: ${res.body}`);
  return res.json();
}

export async function pay(
  app: FastifyInstance,
  token: string,
  orderId: string,
  card = VALID_CARD,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: '/api/orders/pay',
    headers: { ...bearer(token), ...headers },
    payload: { order_id: orderId, ...card },
  });
}

export async function adminPost(app: FastifyInstance, token: string, url: string, payload: object) {
  return app.inject({ method: 'POST', url: `/api/admin${url}`, headers: bearer(token), payload });
}

export async function stockOf(t: TestApp, productId: string): Promise<number | undefined> {
  return (await t.ctx.repos.products.findById(productId))?.stockQty;
}

/**
 * Frees an order's payment claim as if its instance had been declared dead while its request
 * still ran (PostgreSQL: its liveness connection lost): the only way a live charge can come
 * back to an order that moved on, now that claims hold for as long as their holder lives.
 */
export async function freePaymentClaim(t: TestApp, orderId: string): Promise<void> {
  const claimed = (await t.ctx.repos.orders.findById(orderId))?.paymentClaimedUntil;
  if (claimed == null) throw new Error(`order ${orderId} holds no payment claim`);
  await t.ctx.repos.orders.releasePaymentClaim(orderId, claimed);
}
