import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MockPaymentGateway } from '../../src/orders/payment-gateway.js';
import {
  type CatalogAction,
  type CatalogShop,
  catalogActionArbitrary,
  catalogJourney,
  labelsOf,
  observeCatalog,
  performCatalog,
  relabel,
  withCategories,
} from '../helpers/catalog-model.js';
import { TEST_DATABASE_URL } from '../helpers/postgres.js';
import { adminToken } from '../helpers/shop.js';
import {
  type Action,
  type Answer,
  actionArbitrary,
  CUSTOMERS,
  openShop,
  PRODUCTS,
  perform,
  type Shop,
  setStock,
  stockChangeArbitrary,
} from '../helpers/shop-model.js';
import { bearer, buildTestApp } from '../helpers/test-app.js';

/**
 * Differential test: the model-based commands, run one request at a time against an
 * in-memory app and a PostgreSQL app side by side. Nothing runs concurrently, so both
 * must give exactly the same answers and reach exactly the same state: after every
 * request the status codes and error messages are compared, and after every command
 * the whole observable state (orders, stock, carts, payments, invoices, revenue).
 * A divergence fails with fast-check's shrunk command sequence.
 *
 * Ids are random per store, so orders and products are compared by creation position.
 */
if (!TEST_DATABASE_URL) {
  console.warn('differential test: skipped, DATABASE_URL is not set (npm run test:pg runs it)');
}

interface Pair {
  memory: CatalogShop;
  postgres: CatalogShop;
}
type Model = Record<string, never>;

/** How often each action got each status (the same on both stores, or the test failed). */
const outcomes = new Map<string, number>();

/** An answer as compared: the status, and for a refusal its message (success bodies carry ids). */
const comparable = ({ statusCode, body }: Answer) => ({
  statusCode,
  detail: statusCode >= 400 ? (body as { detail?: unknown } | null)?.detail : undefined,
});

/**
 * Everything a client or an admin can observe, with ids replaced by creation positions (the
 * catalogue's variants and categories, and what names them, by `relabel`).
 */
async function observe(shop: CatalogShop) {
  return relabel(
    { ...(await observeOrders(shop)), catalog: await observeCatalog(shop) },
    await labelsOf(shop),
  );
}

async function observeOrders(shop: Shop) {
  const { repos } = shop.t.ctx;
  const productIndex = (id: string) => shop.products.indexOf(id);
  const stored = await repos.orders.list({});
  const orderIds = shop.orders.map((o) => o.id);
  const orders = await Promise.all(
    orderIds.map(async (id) => {
      const order = await repos.orders.findById(id);
      if (!order) return null;
      const invoice = await repos.invoices.findByOrderId(id);
      const payments = await repos.payments.listByOrder(id);
      const creditNotes = await repos.creditNotes.listByOrderId(id);
      return {
        customer: shop.customers.findIndex((c) => c.userId === order.userId),
        status: order.status,
        totalCents: order.totalCents,
        refundedCents: order.refundedCents,
        items: order.items.map((item) => ({ ...item, productId: productIndex(item.productId) })),
        history: order.history,
        shippingAddress: order.shippingAddress,
        times: [
          order.createdAt,
          order.validatedAt,
          order.paidAt,
          order.shippedAt,
          order.deliveredAt,
          order.cancelledAt,
          order.refundedAt,
        ],
        paid: order.paymentId !== null,
        paymentClaimed: order.paymentClaimedUntil !== null,
        delivery: order.delivery && {
          carrier: order.delivery.carrier,
          address: order.delivery.address,
          status: order.delivery.status,
        },
        invoice: invoice && {
          number: invoice.number,
          totalCents: invoice.totalCents,
          vatCents: invoice.vatCents,
          lines: invoice.lines.map((line) => ({ ...line, productId: productIndex(line.productId) })),
          linked: order.invoiceId === invoice.id,
          // Issue 27: the legal document fixed at issue (its lines name products by id: left out).
          document: invoice.document && { ...invoice.document, lines: undefined },
        },
        creditNotes: creditNotes.map((note) => ({
          number: note.number,
          totalCents: note.totalCents,
          issuedAt: note.issuedAt,
          document: note.document,
        })),
        payments: payments.map((p) => ({ kind: p.kind, amountCents: p.amountCents, succeeded: p.succeeded })),
      };
    }),
  );
  const products = (await repos.products.listAll()).map((p) => ({
    index: productIndex(p.id),
    stockQty: p.stockQty,
    priceCents: p.priceCents,
    active: p.active,
  }));
  const carts = await Promise.all(
    shop.customers.map(async (c) =>
      (await repos.carts.get(c.userId)).map((line) => ({ ...line, productId: productIndex(line.productId) })),
    ),
  );
  const stats = await shop.t.app.inject({ url: '/api/admin/stats', headers: bearer(shop.admin) });
  return {
    // Orders the store holds that no checkout answered for would be a divergence too.
    orderCount: stored.length,
    orders,
    products,
    carts,
    stats: { statusCode: stats.statusCode, body: stats.json() as unknown },
  };
}

async function compareStates(pair: Pair, step: string): Promise<void> {
  const [memory, postgres] = await Promise.all([observe(pair.memory), observe(pair.postgres)]);
  expect(postgres, `state after ${step}`).toEqual(memory);
}

type AnyAction = Action | CatalogAction;
/** Catalogue answers a client reads in full: compared whole, ids relabelled; the rest by status and message. */
const READ_IN_FULL = new Set<AnyAction['kind']>(['search', 'tree']);
const SHOP_KINDS = new Set<AnyAction['kind']>([
  'add',
  'checkout',
  'pay',
  'cancel',
  'validate',
  'ship',
  'deliver',
  'refund',
  'reset',
]);
const isShopAction = (action: AnyAction): action is Action => SHOP_KINDS.has(action.kind);
const performAny = (shop: CatalogShop, action: AnyAction) =>
  isShopAction(action) ? perform(shop, action) : performCatalog(shop, action);

const soldVariantWithOptions = (action: AnyAction, answer: Answer): boolean =>
  action.kind === 'checkout' &&
  answer.statusCode === 201 &&
  (answer.body as { items: { options: object }[] }).items.some(
    (item) => Object.keys(item.options).length > 0,
  );

class Requests implements fc.AsyncCommand<Model, Pair> {
  constructor(readonly actions: AnyAction[]) {}
  check = () => true;
  async run(_model: Model, pair: Pair): Promise<void> {
    for (const action of this.actions) {
      // One request at a time, memory first, then PostgreSQL: no interleaving to explain a difference.
      const memory = await performAny(pair.memory, action);
      const postgres = await performAny(pair.postgres, action);
      const { statusCode, detail } = comparable(memory);
      const key = `${action.kind} ${statusCode}${detail === undefined ? '' : ` ${JSON.stringify(detail)}`}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (soldVariantWithOptions(action, memory)) outcomes.set('checkout 201 of a size', 1);
      expect(comparable(postgres), `answer to ${JSON.stringify(action)}`).toEqual(comparable(memory));
      expect(memory.statusCode, `${JSON.stringify(action)}: ${JSON.stringify(memory.body)}`).toBeLessThan(
        500,
      );
      if (READ_IN_FULL.has(action.kind)) {
        const [m, p] = await Promise.all([labelsOf(pair.memory), labelsOf(pair.postgres)]);
        expect(relabel(postgres.body, p), `body of ${JSON.stringify(action)}`).toEqual(
          relabel(memory.body, m),
        );
      }
    }
    await compareStates(pair, `${this}`);
  }
  toString = () => `requests(${this.actions.map((a) => JSON.stringify(a)).join(', ')})`;
}

class StockChange implements fc.AsyncCommand<Model, Pair> {
  constructor(
    readonly product: number,
    readonly stock: number,
  ) {}
  check = () => true;
  async run(_model: Model, pair: Pair): Promise<void> {
    const memory = await setStock(pair.memory, this.product, this.stock);
    const postgres = await setStock(pair.postgres, this.product, this.stock);
    expect(memory.statusCode).toBe(200);
    expect(comparable(postgres)).toEqual(comparable(memory));
    await compareStates(pair, `${this}`);
  }
  toString = () => `setStock(${this.product}, ${this.stock})`;
}

/**
 * One customer's way through the lifecycle, acting on the newest order (−1): random
 * batches alone seldom get an order paid and then shipped or refunded, and a
 * comparison that never reaches those moves would prove little.
 */
type Tail = 'ship' | 'deliver' | 'cancel' | 'refund';
const journey: fc.Arbitrary<Action[]> = fc
  .record({
    customer: fc.integer({ min: 0, max: CUSTOMERS - 1 }),
    product: fc.integer({ min: 0, max: PRODUCTS - 1 }),
    quantity: fc.integer({ min: 1, max: 2 }),
    validate: fc.boolean(),
    declined: fc.constantFrom(false, false, true),
    // What happens to the order after its payment: a few plausible tails, the deep ones included.
    after: fc.constantFrom<Tail[]>(
      [],
      ['ship'],
      ['ship', 'deliver'],
      ['ship', 'cancel'],
      ['cancel'],
      ['cancel', 'refund'],
      ['refund'],
      ['refund', 'refund'],
      ['ship', 'deliver', 'refund'],
    ),
    refunds: fc.array(fc.option(fc.integer({ min: 1, max: 6000 })), { minLength: 2, maxLength: 2 }),
  })
  .map(({ customer, product, quantity, validate, declined, after, refunds }): Action[] => [
    { kind: 'add', customer, product, quantity },
    { kind: 'checkout', customer },
    ...(validate ? [{ kind: 'validate', order: -1 } as const] : []),
    { kind: 'pay', order: -1, declined },
    ...after.map(
      (kind, i): Action =>
        kind === 'refund' ? { kind, order: -1, amountCents: refunds[i % 2] ?? null } : { kind, order: -1 },
    ),
  ]);

const commands = fc.commands(
  [
    fc.array(actionArbitrary, { minLength: 1, maxLength: 6 }).map((actions) => new Requests(actions)),
    // Listed twice: fc.commands picks uniformly among these, and journeys reach the deep moves.
    journey.map((actions) => new Requests(actions)),
    journey.map((actions) => new Requests(actions)),
    stockChangeArbitrary.map(([p, s]) => new StockChange(p, s)),
    // Twice as well: the catalogue's commands grow the products the others then buy by variant.
    fc.array(catalogActionArbitrary, { minLength: 1, maxLength: 6 }).map((actions) => new Requests(actions)),
    catalogJourney.map((actions) => new Requests(actions)),
    fc
      .array(fc.oneof(catalogActionArbitrary, actionArbitrary), { minLength: 2, maxLength: 8 })
      .map((actions) => new Requests(actions)),
  ],
  { maxCommands: 20, size: 'large' },
);

describe('differential: memory and PostgreSQL answer the same commands the same way', () => {
  it.skipIf(!TEST_DATABASE_URL)(
    'same answers and same state after every step',
    { timeout: 300_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(commands, async (cmds) => {
          // The mock gateway decides by card number alone, and both clocks start at the same
          // instant and never move: the two apps see exactly the same inputs.
          const memoryApp = await buildTestApp({ store: 'memory', gateway: new MockPaymentGateway() });
          const postgresApp = await buildTestApp({ store: 'postgres', gateway: new MockPaymentGateway() });
          try {
            const pair: Pair = {
              memory: withCategories(await openShop(memoryApp, await adminToken(memoryApp))),
              postgres: withCategories(await openShop(postgresApp, await adminToken(postgresApp))),
            };
            await compareStates(pair, 'opening');
            await fc.asyncModelRun(() => ({ model: {}, real: pair }), cmds);
          } finally {
            await Promise.all([memoryApp.app.close(), postgresApp.app.close()]);
          }
        }),
        // 25, not 15: with 15, one CI run of seven on 2026-11-27 reached no successful refund and failed the coverage check below.
        { numRuns: 25 },
      );
      console.info('differential: outcomes (same on both stores):', Object.fromEntries([...outcomes].sort()));
      // The comparison means something only if the runs reached the lifecycle's moves.
      const reachedMoves = [
        'checkout 201',
        'validate 200',
        'pay 200',
        'pay 400 "Paiement refusé."',
        'cancel 200',
        'ship 200',
        'deliver 200',
        'refund 200',
        'newProduct 201',
        'addVariant 201',
        'editVariant 200',
        'variantStock 200',
        'addLine 200',
        'checkout 201 of a size',
        'newCategory 201',
        'moveCategory 200',
        'deleteCategory 204',
        'putInCategories 200',
        'search 200',
        'tree 200',
      ];
      for (const reached of reachedMoves) {
        expect(outcomes.get(reached) ?? 0, `${reached} reached`).toBeGreaterThan(0);
      }
      // And the catalogue's refusals: a variant to choose, a loop, a SKU or a slug taken.
      for (const code of [
        'addLine 400 "Choisissez',
        'moveCategory 400',
        'newCategory 409',
        'newProduct 409',
      ]) {
        expect(
          [...outcomes.keys()].some((key) => key.startsWith(code)),
          `${code} reached`,
        ).toBe(true);
      }
    },
  );
});
