import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Order, STOCK_RELEASED_STATUSES, TRANSITIONS } from '../../src/domain/order.js';
import { MockPaymentGateway } from '../../src/services/payment-gateway.js';
import { adminToken, createProduct, DECLINED_CARD, VALID_CARD } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * Model-based test: fast-check generates sequences of commands; most commands are a
 * batch of customer and admin requests sent at once, so the server sees random
 * interleavings. After every command the invariants of contract §4 are checked.
 */

/** A gateway that answers after a random short delay, so charges overlap with other requests. */
class JitteryGateway extends MockPaymentGateway {
  override async charge(request: Parameters<MockPaymentGateway['charge']>[0]) {
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 3)));
    return super.charge(request);
  }
}

interface Real {
  t: TestApp;
  admin: string;
  customers: { token: string; userId: string }[];
  products: string[];
  /** Per product: stock on hand + units held by orders, fixed between two admin stock changes. */
  baseline: Map<string, number>;
  orders: { id: string; token: string }[];
}
type Model = Record<string, never>;

type Action =
  | { kind: 'add'; customer: number; product: number; quantity: number }
  | { kind: 'checkout'; customer: number }
  | { kind: 'pay'; order: number; declined: boolean }
  | { kind: 'cancel'; order: number }
  | { kind: 'validate' | 'ship' | 'deliver'; order: number }
  | { kind: 'refund'; order: number; amountCents: number | null };

const CUSTOMERS = 3;
const PRODUCTS = 3;
const STOCKS = [4, 2, 6];
const PRICES = [1999, 4500, 350];

async function perform(real: Real, action: Action): Promise<number> {
  const { app } = real.t;
  const customer = 'customer' in action ? real.customers[action.customer] : undefined;
  const order =
    'order' in action && real.orders.length > 0 ? real.orders[action.order % real.orders.length] : undefined;
  const post = (url: string, token: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: bearer(token), ...(payload && { payload }) });

  switch (action.kind) {
    case 'add':
      return (
        await post('/api/cart/add', customer?.token ?? '', {
          product_id: real.products[action.product],
          quantity: action.quantity,
        })
      ).statusCode;
    case 'checkout': {
      const res = await post('/api/orders/checkout', customer?.token ?? '');
      if (res.statusCode === 201) real.orders.push({ id: res.json().id, token: customer?.token ?? '' });
      return res.statusCode;
    }
    case 'pay':
      if (!order) return 0;
      return (
        await post('/api/orders/pay', order.token, {
          order_id: order.id,
          ...(action.declined ? DECLINED_CARD : VALID_CARD),
        })
      ).statusCode;
    case 'cancel':
      if (!order) return 0;
      return (await post('/api/orders/cancel', order.token, { order_id: order.id })).statusCode;
    case 'refund':
      if (!order) return 0;
      return (
        await post('/api/admin/orders/refund', real.admin, {
          order_id: order.id,
          ...(action.amountCents !== null && { amount_cents: action.amountCents }),
        })
      ).statusCode;
    default:
      if (!order) return 0;
      return (await post(`/api/admin/orders/${action.kind}`, real.admin, { order_id: order.id })).statusCode;
  }
}

const heldUnits = (orders: Order[], productId: string) =>
  orders
    .filter((o) => !STOCK_RELEASED_STATUSES.includes(o.status))
    .flatMap((o) => o.items)
    .filter((item) => item.productId === productId)
    .reduce((sum, item) => sum + item.quantity, 0);

async function checkInvariants(real: Real): Promise<void> {
  const { repos } = real.t.ctx;
  const orders = await repos.orders.list({});
  for (const productId of real.products) {
    const stock = (await repos.products.findById(productId))?.stockQty ?? -1;
    expect(stock, 'stock never negative').toBeGreaterThanOrEqual(0);
    expect(stock + heldUnits(orders, productId), 'stock conservation (§4)').toBe(
      real.baseline.get(productId),
    );
  }

  for (const order of orders) {
    expect(order.history[0]?.status).toBe('CREE');
    for (let i = 1; i < order.history.length; i += 1) {
      const [prev, next] = [order.history[i - 1]?.status, order.history[i]?.status];
      const legal = Object.values(TRANSITIONS).some(
        (tr) => tr.to === next && (tr.from as readonly string[]).includes(prev ?? ''),
      );
      expect(legal, `illegal move ${prev} → ${next}`).toBe(true);
    }
    expect(order.status).toBe(order.history.at(-1)?.status);
    expect(order.refundedCents).toBeLessThanOrEqual(order.paymentId ? order.totalCents : 0);
  }

  let captured = 0;
  let refunded = 0;
  for (const order of orders) {
    for (const payment of await repos.payments.listByOrder(order.id)) {
      if (payment.kind === 'charge' && payment.succeeded) captured += payment.amountCents;
      if (payment.kind === 'refund') refunded += payment.amountCents;
    }
    const charges = (await repos.payments.listByOrder(order.id)).filter(
      (p) => p.kind === 'charge' && p.succeeded,
    );
    expect(charges.length, 'one charge per order').toBe(order.paymentId ? 1 : 0);
  }
  const stats = (await real.t.app.inject({ url: '/api/admin/stats', headers: bearer(real.admin) })).json();
  expect(stats.total_revenue_cents, 'revenue = captured − refunded').toBe(captured - refunded);

  const paid = orders.filter((o) => o.paymentId !== null);
  const numbers = await Promise.all(
    paid.map(async (o) => (await repos.invoices.findByOrderId(o.id))?.number),
  );
  expect(numbers.sort(), 'gapless invoice numbers').toEqual(
    paid.map((_, i) => `FAC-2026-${String(i + 1).padStart(6, '0')}`),
  );
}

class ConcurrentRequests implements fc.AsyncCommand<Model, Real> {
  constructor(readonly actions: Action[]) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    const statuses = await Promise.all(this.actions.map((action) => perform(real, action)));
    this.actions.forEach((action, i) => {
      const key = `${action.kind} ${statuses[i]}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    });
    for (const status of statuses) expect(status, `${this}`).toBeLessThan(500);
    await checkInvariants(real);
  }
  toString = () => `concurrently(${this.actions.map((a) => JSON.stringify(a)).join(', ')})`;
}

/** Alone in its step: the conservation baseline is reset after it, as §4 says. */
class AdminStockChange implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly product: number,
    readonly stock: number,
  ) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    const productId = real.products[this.product] ?? '';
    const res = await real.t.app.inject({
      method: 'PUT',
      url: '/api/admin/products/stock',
      headers: bearer(real.admin),
      payload: { product_id: productId, stock_qty: this.stock },
    });
    expect(res.statusCode).toBe(200);
    real.baseline.set(productId, this.stock + heldUnits(await real.t.ctx.repos.orders.list({}), productId));
    await checkInvariants(real);
  }
  toString = () => `setStock(${this.product}, ${this.stock})`;
}

const customer = fc.integer({ min: 0, max: CUSTOMERS - 1 });
const orderRef = fc.nat(50);
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      customer,
      product: fc.integer({ min: 0, max: PRODUCTS - 1 }),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('checkout' as const), customer }) },
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
);

/** How often each action got each status, printed so a reader can see the test reaches every move. */
const outcomes = new Map<string, number>();

const commandArbitraries: fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] = [
  fc.array(action, { minLength: 1, maxLength: 6 }).map((actions) => new ConcurrentRequests(actions)),
  fc
    .tuple(fc.integer({ min: 0, max: PRODUCTS - 1 }), fc.integer({ min: 0, max: 8 }))
    .map(([p, s]) => new AdminStockChange(p, s)),
];
const commands = fc.commands(commandArbitraries, { maxCommands: 30, size: 'large' });

describe('model-based: random interleavings of customers and an admin', () => {
  it('keeps every invariant of §4 after every step', { timeout: 120_000 }, async () => {
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const t = await buildTestApp({ gateway: new JitteryGateway() });
        try {
          const admin = await adminToken(t);
          const customers = await Promise.all(Array.from({ length: CUSTOMERS }, () => registerUser(t.app)));
          const products = await Promise.all(
            STOCKS.map((stockQty, i) => createProduct(t, { stockQty, priceCents: PRICES[i] ?? 100 })),
          );
          const real: Real = {
            t,
            admin,
            customers,
            products: products.map((p) => p.id),
            baseline: new Map(products.map((p) => [p.id, p.stockQty])),
            orders: [],
          };
          steps += [...cmds].length;
          await fc.asyncModelRun(() => ({ model: {}, real }), cmds);
        } finally {
          await t.app.close();
        }
      }),
      { numRuns: 100 },
    );
    console.info(
      `model-based: ${steps} generated commands; outcomes:`,
      Object.fromEntries([...outcomes].sort()),
    );
  });
});
