import { describe, expect, it } from 'vitest';
import { newOrder, refundableCents, STOCK_RELEASED_STATUSES } from '../../src/orders/order.js';

describe('order domain', () => {
  it('names ANNULEE and REMBOURSEE, and only them, as the statuses that hold no stock (contract §4)', () => {
    // The model-based test checks stock conservation against this list, so it must match the contract.
    expect([...STOCK_RELEASED_STATUSES].sort()).toEqual(['ANNULEE', 'REMBOURSEE']);
  });

  it('has nothing refundable before payment, and the rest of the total after', () => {
    expect(refundableCents({ paymentId: null, totalCents: 5000, refundedCents: 0 })).toBe(0);
    expect(refundableCents({ paymentId: 'pay-1', totalCents: 5000, refundedCents: 1200 })).toBe(3800);
  });

  it('opens a new order as CREE, totalled, with its first history entry by the customer', () => {
    const order = newOrder({
      id: 'o-1',
      userId: 'u-1',
      items: [
        {
          productId: 'p-1',
          variantId: 'p-1',
          sku: 'SKU',
          options: {},
          name: 'A',
          unitPriceCents: 1999,
          quantity: 2,
          imageUrl: null,
        },
        {
          productId: 'p-2',
          variantId: 'p-2',
          sku: 'SKU',
          options: {},
          name: 'B',
          unitPriceCents: 500,
          quantity: 1,
          imageUrl: null,
        },
      ],
      shippingAddress: null,
      at: 1_000,
    });
    expect(order).toMatchObject({
      status: 'CREE',
      totalCents: 4498,
      createdAt: 1_000,
      paymentId: null,
      refundedCents: 0,
      paymentClaimedUntil: null,
      history: [{ status: 'CREE', at: 1_000, actor: 'customer' }],
    });
  });
});
