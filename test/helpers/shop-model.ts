import fc from 'fast-check';
import { DECLINED_CARD, VALID_CARD } from './shop.js';
import { bearer, loginAs, registerUser, type TestApp } from './test-app.js';

/**
 * The shop the model-based tests drive over HTTP: a few customers, a few products and
 * an admin, and the requests fast-check strings together. Shared by the model-based
 * test (batches sent at once, invariants checked) and the differential test (the same
 * requests one at a time against memory and PostgreSQL, states compared).
 */

export const CUSTOMERS = 3;
export const PRODUCTS = 3;
export const STOCKS = [4, 2, 6];
const PRICES = [1999, 4500, 350];

export interface Shop {
  t: TestApp;
  admin: string;
  customers: { token: string; userId: string; email: string }[];
  /** Product ids in creation order: actions name a product by its index. */
  products: string[];
  /** Orders in the order their checkout answered 201: actions name an order by position. */
  orders: { id: string; token: string }[];
}

export type Action =
  | { kind: 'add'; customer: number; product: number; quantity: number }
  | { kind: 'checkout'; customer: number }
  | { kind: 'pay'; order: number; declined: boolean }
  | { kind: 'cancel'; order: number }
  | { kind: 'validate' | 'ship' | 'deliver'; order: number }
  | { kind: 'refund'; order: number; amountCents: number | null }
  /** Forgotten password, the mailed link followed (twice when `reuse`), then a fresh login. */
  | { kind: 'reset'; customer: number; reuse: boolean };

/** What a request answered; status 0 when the action named an order and none exists yet. */
export interface Answer {
  statusCode: number;
  body: unknown;
}

/**
 * Customers and products made one after the other (not at once), so two shops opened
 * from the same description are alike but for their ids.
 */
export async function openShop(t: TestApp, admin: string): Promise<Shop> {
  const customers = [];
  for (let i = 0; i < CUSTOMERS; i += 1) customers.push(await registerUser(t.app));
  const products: string[] = [];
  for (const [i, stockQty] of STOCKS.entries()) {
    const product = await t.ctx.services.catalog.createFromInput({
      name: `Article ${i}`,
      description: 'Un article du modèle',
      priceCents: PRICES[i] ?? 100,
      stockQty,
      imageUrl: null,
      active: true,
    });
    products.push(product.id);
  }
  return { t, admin, customers, products, orders: [] };
}

export async function perform(shop: Shop, action: Action): Promise<Answer> {
  const { app } = shop.t;
  const customer = 'customer' in action ? shop.customers[action.customer] : undefined;
  const count = shop.orders.length;
  // Any integer names an order: 0, 1, … from the oldest, −1, −2, … from the newest, wrapping around.
  const order =
    'order' in action && count > 0 ? shop.orders[((action.order % count) + count) % count] : undefined;
  const post = async (url: string, token: string, payload?: object): Promise<Answer> => {
    const res = await app.inject({
      method: 'POST',
      url,
      headers: bearer(token),
      ...(payload && { payload }),
    });
    return { statusCode: res.statusCode, body: res.body ? (res.json() as unknown) : null };
  };
  const none: Answer = { statusCode: 0, body: null };

  switch (action.kind) {
    case 'add':
      return post('/api/cart/add', customer?.token ?? '', {
        product_id: shop.products[action.product],
        quantity: action.quantity,
      });
    case 'checkout': {
      const answer = await post('/api/orders/checkout', customer?.token ?? '');
      if (answer.statusCode === 201) {
        shop.orders.push({ id: (answer.body as { id: string }).id, token: customer?.token ?? '' });
      }
      return answer;
    }
    case 'pay':
      if (!order) return none;
      return post('/api/orders/pay', order.token, {
        order_id: order.id,
        ...(action.declined ? DECLINED_CARD : VALID_CARD),
      });
    case 'cancel':
      if (!order) return none;
      return post('/api/orders/cancel', order.token, { order_id: order.id });
    case 'refund':
      if (!order) return none;
      return post('/api/admin/orders/refund', shop.admin, {
        order_id: order.id,
        ...(action.amountCents !== null && { amount_cents: action.amountCents }),
      });
    case 'reset':
      return resetPassword(shop, action.customer, action.reuse);
    default:
      if (!order) return none;
      return post(`/api/admin/orders/${action.kind}`, shop.admin, { order_id: order.id });
  }
}

/**
 * The reset flow as a customer lives it: ask for the link, take it from the mail written to the
 * outbox, set the password (the same one, so the model's logins hold), log in again since the
 * reset ended every session. The answer compared is the reset's (the second one when reused).
 */
async function resetPassword(shop: Shop, index: number, reuse: boolean): Promise<Answer> {
  const { app, ctx, clock } = shop.t;
  const customer = shop.customers[index];
  if (!customer) return { statusCode: 0, body: null };
  // One millisecond apart, so "the newest mail" is one row on both stores.
  clock.advance(1);
  const asked = await app.inject({
    method: 'POST',
    url: '/api/auth/password/forgot',
    payload: { email: customer.email },
  });
  if (asked.statusCode !== 202) return { statusCode: asked.statusCode, body: asked.json() as unknown };
  const mails = await ctx.repos.outbox.page(undefined, { limit: 100, offset: 0 });
  const mail = mails.items.find((m) => m.template === 'password_forgot' && m.recipient === customer.email);
  const token = String(mail?.data.token ?? '');
  const reset = () =>
    app.inject({
      method: 'POST',
      url: '/api/auth/password/reset',
      payload: { token, password: 'secret123' },
    });
  let answer = await reset();
  if (reuse) answer = await reset();
  customer.token = await loginAs(app, customer.email, 'secret123');
  return { statusCode: answer.statusCode, body: answer.json() as unknown };
}

export async function setStock(shop: Shop, product: number, stock: number): Promise<Answer> {
  const res = await shop.t.app.inject({
    method: 'PUT',
    url: '/api/admin/products/stock',
    headers: bearer(shop.admin),
    payload: { product_id: shop.products[product] ?? '', stock_qty: stock },
  });
  return { statusCode: res.statusCode, body: res.json() as unknown };
}

const customerRef = fc.integer({ min: 0, max: CUSTOMERS - 1 });
const orderRef = fc.nat(50);

export const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      customer: customerRef,
      product: fc.integer({ min: 0, max: PRODUCTS - 1 }),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('checkout' as const), customer: customerRef }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      order: orderRef,
      declined: fc.constantFrom(false, false, false, true),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), order: orderRef }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('validate' as const, 'ship' as const, 'deliver' as const),
      order: orderRef,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      order: orderRef,
      amountCents: fc.option(fc.integer({ min: 1, max: 6000 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('reset' as const), customer: customerRef, reuse: fc.boolean() }),
  },
);

/** An admin stock change: which product, and the new stock. */
export const stockChangeArbitrary = fc.tuple(
  fc.integer({ min: 0, max: PRODUCTS - 1 }),
  fc.integer({ min: 0, max: 8 }),
);
