import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FrozenLine, refundOfUnits } from '../../src/pricing/refund.js';
import { priceLines } from '../../src/pricing/totals.js';

describe('refundOfUnits', () => {
  const shirt: FrozenLine = { unitPriceCents: 2000, quantity: 3, discountCents: 100 };

  it('refunds the price paid, the frozen share deducted, and returned unit by unit adds up to the line', () => {
    // 33.33 ct of discount per unit: the first two units carry 33 and 33 (rounded down), the last 34.
    expect(refundOfUnits(shirt, 0, 1)).toBe(1967);
    expect(refundOfUnits(shirt, 1, 1)).toBe(1967);
    expect(refundOfUnits(shirt, 2, 1)).toBe(1966);
    expect(refundOfUnits(shirt, 0, 3)).toBe(6000 - 100);
  });

  it('refuses more units than the line holds', () => {
    expect(() => refundOfUnits(shirt, 2, 2)).toThrow(RangeError);
    expect(() => refundOfUnits(shirt, -1, 1)).toThrow(RangeError);
  });

  it('Vendure #4811: a partial refund never spreads the discount again over what is left', () => {
    const totals = priceLines(
      [
        { unitPriceCents: 3000, quantity: 1, vatRate: 20 },
        { unitPriceCents: 1000, quantity: 1, vatRate: 20 },
      ],
      { kind: 'percent', value: 10 },
      null,
    );
    const frozen = totals.lineDiscountCents.map((discountCents, i) => ({
      unitPriceCents: [3000, 1000][i] ?? 0,
      quantity: 1,
      discountCents,
    }));
    const first = refundOfUnits(frozen[0] as FrozenLine, 0, 1);
    const second = refundOfUnits(frozen[1] as FrozenLine, 0, 1);
    expect(first).toBe(2700);
    expect(second).toBe(900);
    // Everything refunded is exactly what was paid: nothing over-discounted, nothing over-refunded.
    expect(first + second).toBe(totals.totalCents);
  });

  it('for any line and any way of returning it, the refunds add up to what it cost after discount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 50 }),
        (unitPriceCents, quantity, fraction, steps) => {
          const discountCents = Math.floor(unitPriceCents * quantity * fraction);
          const frozen = { unitPriceCents, quantity, discountCents };
          let returned = 0;
          let refunded = 0;
          for (const step of steps) {
            const units = Math.min(step, quantity - returned);
            const refund = refundOfUnits(frozen, returned, units);
            expect(refund).toBeGreaterThanOrEqual(0);
            refunded += refund;
            returned += units;
          }
          refunded += refundOfUnits(frozen, returned, quantity - returned);
          expect(refunded).toBe(unitPriceCents * quantity - discountCents);
        },
      ),
    );
  });
});
