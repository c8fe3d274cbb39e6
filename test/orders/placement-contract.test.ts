import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/catalog/product.js';
import type { OrderDraft } from '../../src/orders/order-placement.js';
import {
  backendUnavailable,
  insertUser,
  openForSuite,
  productFixture,
  storeBackends,
  T0,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

/**
 * Checkout's write, on both stores: the cart taken, every line reserved and the order
 * stored with its items as reserved, all or nothing, also when checkouts race.
 */
warnWhenPostgresSkipped('order placement contract');

describe.each(storeBackends)('%s order placement', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);

  const product = async (overrides: Partial<Product> = {}) => {
    const stored = productFixture(overrides);
    await stores().repos.products.insert(stored);
    return stored;
  };
  const add = (userId: string, productId: string, quantity: number) =>
    stores().repos.carts.addWithinLimit(userId, { productId, variantId: productId }, quantity, 1_000);
  const draft = (userId: string): OrderDraft => ({
    id: uid('o'),
    userId,
    mailId: uid('m'),
    shippingAddress: '1 rue du Test',
    at: T0 + 1,
  });
  const stockOf = async (id: string) => (await stores().repos.products.findById(id))?.stockQty;

  it.skipIf(skip)(
    'takes the cart, reserves each line and stores() the order with its items as reserved',
    async () => {
      const shopper = await insertUser(stores());
      const mug = await product({
        name: 'Mug',
        priceCents: 1250,
        stockQty: 5,
        imageUrl: 'http://img/mug.png',
      });
      const tea = await product({ name: 'Thé', priceCents: 499, stockQty: 3 });
      await add(shopper, tea.id, 2);
      await add(shopper, mug.id, 1);
      const request = draft(shopper);

      const placed = await stores().placement.place(request);

      expect(placed.ok).toBe(true);
      if (!placed.ok) return;
      expect(placed.order).toMatchObject({
        id: request.id,
        userId: shopper,
        status: 'CREE',
        totalCents: 2 * 499 + 1250,
        shippingAddress: '1 rue du Test',
        createdAt: T0 + 1,
        paymentId: null,
        history: [{ status: 'CREE', at: T0 + 1, actor: 'customer' }],
      });
      // Cart order, names, prices and images as reserved.
      expect(placed.order.items).toEqual([
        {
          productId: tea.id,
          variantId: tea.id,
          sku: `SKU-${tea.id}`,
          options: {},
          name: 'Thé',
          unitPriceCents: 499,
          quantity: 2,
          imageUrl: null,
        },
        {
          productId: mug.id,
          variantId: mug.id,
          sku: `SKU-${mug.id}`,
          options: {},
          name: 'Mug',
          unitPriceCents: 1250,
          quantity: 1,
          imageUrl: 'http://img/mug.png',
        },
      ]);
      expect(await stores().repos.orders.findById(request.id)).toEqual(placed.order);
      expect(await stores().repos.carts.get(shopper)).toEqual([]);
      expect(await stockOf(tea.id)).toBe(1);
      expect(await stockOf(mug.id)).toBe(4);
    },
  );

  it.skipIf(skip)('an empty cart places nothing', async () => {
    const shopper = await insertUser(stores());
    const request = draft(shopper);
    expect(await stores().placement.place(request)).toEqual({ ok: false, reason: 'CART_EMPTY' });
    expect(await stores().repos.orders.findById(request.id)).toBeNull();
  });

  it.skipIf(skip)(
    'one line short or inactive: nothing is taken, reserved or stored, and the reason names it',
    async () => {
      const shopper = await insertUser(stores());
      const plenty = await product({ stockQty: 10 });
      const scarce = await product({ name: 'Rare', stockQty: 1 });
      await add(shopper, plenty.id, 3);
      await add(shopper, scarce.id, 2);
      const short = draft(shopper);
      expect(await stores().placement.place(short)).toEqual({
        ok: false,
        reason: 'INSUFFICIENT_STOCK',
        variantId: scarce.id,
        productName: 'Rare',
        options: {},
      });
      expect(await stockOf(plenty.id)).toBe(10);
      expect(await stockOf(scarce.id)).toBe(1);
      expect(await stores().repos.carts.get(shopper)).toEqual([
        { productId: plenty.id, variantId: plenty.id, quantity: 3 },
        { productId: scarce.id, variantId: scarce.id, quantity: 2 },
      ]);
      expect(await stores().repos.orders.findById(short.id)).toBeNull();

      await stores().repos.products.update(scarce.id, { active: false });
      await stores().repos.products.setVariantStock(scarce.id, 50);
      expect(await stores().placement.place(draft(shopper))).toMatchObject({
        ok: false,
        reason: 'INACTIVE',
        variantId: scarce.id,
      });
      expect(await stockOf(plenty.id)).toBe(10);
      expect(await stores().repos.carts.get(shopper)).toHaveLength(2);
    },
  );

  it.skipIf(skip)(
    '20 shoppers racing for 5 units: 5 orders, no oversell, the others keep their carts',
    async () => {
      const scarce = await product({ stockQty: 5 });
      const shoppers = await Promise.all(Array.from({ length: 20 }, () => insertUser(stores())));
      for (const shopper of shoppers) await add(shopper, scarce.id, 1);
      const outcomes = await Promise.all(shoppers.map((shopper) => stores().placement.place(draft(shopper))));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(5);
      expect(outcomes.filter((o) => !o.ok && o.reason === 'INSUFFICIENT_STOCK')).toHaveLength(15);
      expect(await stockOf(scarce.id)).toBe(0);
      const carts = await Promise.all(shoppers.map((shopper) => stores().repos.carts.get(shopper)));
      expect(carts.filter((cart) => cart.length === 1)).toHaveLength(15);
    },
  );

  it.skipIf(skip)('two checkouts of one cart: one order, the other finds the cart empty', async () => {
    // Played over rounds: one pair may happen not to overlap.
    for (let round = 0; round < 20; round += 1) {
      const shopper = await insertUser(stores());
      const item = await product({ stockQty: 10 });
      await add(shopper, item.id, 2);
      const outcomes = await Promise.all([
        stores().placement.place(draft(shopper)),
        stores().placement.place(draft(shopper)),
      ]);
      expect(
        outcomes.filter((o) => o.ok),
        `round ${round}`,
      ).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ok && o.reason === 'CART_EMPTY')).toHaveLength(1);
      expect(await stockOf(item.id)).toBe(8);
      expect(await stores().repos.orders.list({ userId: shopper })).toHaveLength(1);
    }
  });
});
