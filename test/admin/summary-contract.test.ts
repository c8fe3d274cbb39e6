import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/stores/stores.js';
import {
  backendUnavailable,
  insertOrder,
  insertUser,
  productFixture as product,
  storeBackends,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

/**
 * The dashboard's aggregates, computed by each store: the same answers as loading every
 * order and product and counting them, which is what GET /api/admin/stats did before.
 */
warnWhenPostgresSkipped('repository summaries');

const ZERO_BY_STATUS = { CREE: 0, VALIDEE: 0, PAYEE: 0, EXPEDIEE: 0, LIVREE: 0, ANNULEE: 0, REMBOURSEE: 0 };

describe.each(storeBackends)('%s summaries', (name, open) => {
  const skip = backendUnavailable(name);
  let stores: Stores;
  let drop: () => Promise<void>;
  // Fresh stores per test: a summary covers the whole store, so nothing else may be in it.
  beforeEach(async () => {
    if (skip) return;
    ({ stores, drop } = await open());
  });
  afterEach(async () => {
    if (!skip) await drop();
  });

  it.skipIf(skip)('an empty store: every status at zero, no revenue, no product', async () => {
    expect(await stores.repos.orders.summarize()).toEqual({
      total: 0,
      byStatus: ZERO_BY_STATUS,
      revenueCents: 0,
    });
    expect(await stores.repos.products.summarize(10)).toEqual({
      total: 0,
      lowStock: [],
      lowStockVariants: [],
    });
  });

  it.skipIf(skip)(
    'orders: counts by status, and revenue is captured minus refunded over paid orders only',
    async () => {
      const u = await insertUser(stores);
      const paid = (totalCents: number, refundedCents = 0) => ({
        paymentId: uid('pay'),
        totalCents,
        refundedCents,
      });
      await insertOrder(stores, u); // CREE, 2000 unpaid: no revenue
      await insertOrder(stores, u, { status: 'VALIDEE' });
      await insertOrder(stores, u, { status: 'PAYEE', ...paid(1000) });
      await insertOrder(stores, u, { status: 'PAYEE', ...paid(2000, 500) });
      await insertOrder(stores, u, { status: 'EXPEDIEE', ...paid(1500) });
      await insertOrder(stores, u, { status: 'LIVREE', ...paid(2500) });
      await insertOrder(stores, u, { status: 'ANNULEE' });
      await insertOrder(stores, u, { status: 'REMBOURSEE', ...paid(500, 500) });
      expect(await stores.repos.orders.summarize()).toEqual({
        total: 8,
        byStatus: {
          ...ZERO_BY_STATUS,
          CREE: 1,
          VALIDEE: 1,
          PAYEE: 2,
          EXPEDIEE: 1,
          LIVREE: 1,
          ANNULEE: 1,
          REMBOURSEE: 1,
        },
        revenueCents: 1000 + 1500 + 1500 + 2500,
      });

      // The summary follows the writes: a refund recorded through the store lowers the revenue.
      const refunded = await insertOrder(stores, u, { status: 'PAYEE', ...paid(800) });
      await stores.repos.orders.recordRefund(refunded.id, {
        amountCents: 300,
        allowedFrom: ['PAYEE'],
        fullyRefundedStatus: 'REMBOURSEE',
        at: refunded.createdAt + 1,
        actor: 'admin',
      });
      const after = await stores.repos.orders.summarize();
      expect(after.total).toBe(9);
      expect(after.byStatus.PAYEE).toBe(3);
      expect(after.revenueCents).toBe(6500 + 500);
    },
  );

  it.skipIf(skip)(
    'products: counts inactive ones too; lists active ones under the threshold, oldest first',
    async () => {
      const inserted = [
        product({ name: 'Stock 12', stockQty: 12 }),
        product({ name: 'Stock 9', stockQty: 9 }),
        product({ name: 'Inactive 1', stockQty: 1, active: false }),
        product({ name: 'Stock 10', stockQty: 10 }),
        product({ name: 'Stock 0', stockQty: 0 }),
      ];
      for (const p of inserted) await stores.repos.products.insert(p);
      const summary = await stores.repos.products.summarize(10);
      expect(summary.total).toBe(5);
      expect(summary.lowStock).toEqual([inserted[1], inserted[4]]);
      expect((await stores.repos.products.summarize(13)).lowStock.map((p) => p.name)).toEqual([
        'Stock 12',
        'Stock 9',
        'Stock 10',
        'Stock 0',
      ]);
      // What the store returns is a copy: changing it changes nothing stored.
      const first = summary.lowStock[0];
      if (first) first.stockQty = 1000;
      expect((await stores.repos.products.summarize(10)).lowStock[0]?.stockQty).toBe(9);
    },
  );
});
