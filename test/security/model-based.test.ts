import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Order, STOCK_RELEASED_STATUSES, TRANSITIONS } from '../../src/orders/order.js';
import { MockPaymentGateway } from '../../src/orders/payment-gateway.js';
import { TEST_DATABASE_URL } from '../helpers/postgres.js';
import { adminToken } from '../helpers/shop.js';
import {
  type Action,
  actionArbitrary,
  openShop,
  perform,
  type Shop,
  STOCKS,
  setStock,
  stockChangeArbitrary,
} from '../helpers/shop-model.js';
import { bearer, buildTestApp } from '../helpers/test-app.js';
import { defaultConfig } from '../helpers/test-config.js';

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

interface Real extends Shop {
  /** Per product: stock on hand + units held by orders, fixed between two admin stock changes. */
  baseline: Map<string, number>;
}
type Model = Record<string, never>;

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
    // The system only ever cancels an unpaid order (issue 12: expiry never takes a paid one).
    const expiry = order.history.findIndex((h) => h.actor === 'system');
    if (expiry !== -1) {
      expect(order.history[expiry]?.status, 'system move is an expiry').toBe('ANNULEE');
      expect(['CREE', 'VALIDEE'], 'expired from an unpaid status').toContain(
        order.history[expiry - 1]?.status,
      );
      expect(order.paymentId, 'an expired order was never paid').toBeNull();
    }
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
    const statuses = (await Promise.all(this.actions.map((action) => perform(real, action)))).map(
      (answer) => answer.statusCode,
    );
    this.actions.forEach((action, i) => {
      const key = `${action.kind} ${statuses[i]}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    });
    for (const status of statuses) expect(status, `${this}`).toBeLessThan(500);
    await checkInvariants(real);
  }
  toString = () => `concurrently(${this.actions.map((a) => JSON.stringify(a)).join(', ')})`;
}

/**
 * Time passes beyond the unpaid-order TTL, then an expiry pass runs at the same time as a
 * batch of requests, so expiry interleaves with pay, cancel and refund (issue 12).
 */
class ExpiryPass implements fc.AsyncCommand<Model, Real> {
  constructor(readonly actions: Action[]) {}
  check = () => true;
  async run(_model: Model, real: Real): Promise<void> {
    real.t.clock.advance(defaultConfig.unpaidOrderTtlSeconds * 1000 + 1);
    const [, ...answers] = await Promise.all([
      real.t.ctx.services.housekeeping.sweep(),
      ...this.actions.map((action) => perform(real, action)),
    ]);
    for (const answer of answers) expect(answer.statusCode, `${this}`).toBeLessThan(500);
    // A charge in flight during the pass kept its order; once it settled, a second pass
    // leaves nothing unpaid past the TTL.
    await real.t.ctx.services.housekeeping.sweep();
    const left = (await real.t.ctx.repos.orders.list({})).filter(
      (o) =>
        (TRANSITIONS.expire.from as readonly string[]).includes(o.status) &&
        o.createdAt < real.t.clock.now() - defaultConfig.unpaidOrderTtlSeconds * 1000,
    );
    expect(left, `unpaid past the TTL after ${this}`).toEqual([]);
    await checkInvariants(real);
  }
  toString = () => `expiryPass(${this.actions.map((a) => JSON.stringify(a)).join(', ')})`;
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
    const res = await setStock(real, this.product, this.stock);
    expect(res.statusCode).toBe(200);
    real.baseline.set(productId, this.stock + heldUnits(await real.t.ctx.repos.orders.list({}), productId));
    await checkInvariants(real);
  }
  toString = () => `setStock(${this.product}, ${this.stock})`;
}

/** How often each action got each status, printed so a reader can see the test reaches every move. */
const outcomes = new Map<string, number>();

const commandArbitraries: fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] = [
  fc.array(actionArbitrary, { minLength: 1, maxLength: 6 }).map((actions) => new ConcurrentRequests(actions)),
  stockChangeArbitrary.map(([p, s]) => new AdminStockChange(p, s)),
  fc.array(actionArbitrary, { minLength: 0, maxLength: 4 }).map((actions) => new ExpiryPass(actions)),
];
/**
 * Each run builds a fresh app; on PostgreSQL that is a new schema with its migrations (about half a
 * second on 2 cores), so fewer runs there. PostgreSQL's own races are covered by
 * test/stores/contract-races.test.ts and its agreement with memory by differential.test.ts.
 */
const RUNS = TEST_DATABASE_URL ? 30 : 100;

const commands = fc.commands(commandArbitraries, { maxCommands: 30, size: 'large' });

describe('model-based: random interleavings of customers and an admin', () => {
  it('keeps every invariant of §4 after every step', { timeout: 300_000 }, async () => {
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const t = await buildTestApp({ gateway: new JitteryGateway() });
        try {
          const shop = await openShop(t, await adminToken(t));
          const real: Real = {
            ...shop,
            baseline: new Map(shop.products.map((id, i) => [id, STOCKS[i] ?? 0])),
          };
          steps += [...cmds].length;
          await fc.asyncModelRun(() => ({ model: {}, real }), cmds);
        } finally {
          await t.app.close();
        }
      }),
      { numRuns: RUNS },
    );
    console.info(
      `model-based: ${steps} generated commands; outcomes:`,
      Object.fromEntries([...outcomes].sort()),
    );
  });
});
