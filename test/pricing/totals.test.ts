import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goodsDiscountCents, PROMOTION_KINDS, type Reduction } from '../../src/pricing/discount.js';
import { type PricedLine, priceLines, type ShippingPrice } from '../../src/pricing/totals.js';
import { VAT_RATES } from '../../src/pricing/vat.js';

const line = (unitPriceCents: number, quantity: number, vatRate = 20): PricedLine => ({
  unitPriceCents,
  quantity,
  vatRate,
});
const colissimo: ShippingPrice = { priceCents: 490, freeFromCents: 5000 };

const lineArb = fc.record({
  unitPriceCents: fc.integer({ min: 0, max: 100_000_000 }),
  quantity: fc.integer({ min: 1, max: 999 }),
  vatRate: fc.constantFrom(...VAT_RATES),
});
const reductionArb: fc.Arbitrary<Reduction | null> = fc.option(
  fc.oneof(
    fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ kind: fc.constant('fixed' as const), value: fc.integer({ min: 1, max: 10_000_000 }) }),
    fc.record({ kind: fc.constant('free_shipping' as const), value: fc.constant(0) }),
  ),
);
const shippingArb: fc.Arbitrary<ShippingPrice | null> = fc.option(
  fc.record({
    priceCents: fc.integer({ min: 0, max: 5_000 }),
    freeFromCents: fc.option(fc.integer({ min: 0, max: 20_000 })),
  }),
);

describe('priceLines: what every cart, order and invoice figure rests on', () => {
  it('adds up to the cent for any cart, rates, code and method', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 8 }),
        reductionArb,
        shippingArb,
        (lines, reduction, shipping) => {
          const totals = priceLines(lines, reduction, shipping);
          const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
          expect(totals.subtotalCents).toBe(sum(lines.map((l) => l.unitPriceCents * l.quantity)));
          // The shares add up to the discount, and none makes its line negative.
          expect(sum(totals.lineDiscountCents)).toBe(totals.discountCents);
          totals.lineDiscountCents.forEach((share, i) => {
            const gross = (lines[i]?.unitPriceCents ?? 0) * (lines[i]?.quantity ?? 0);
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(gross);
          });
          expect(totals.totalCents).toBe(totals.subtotalCents - totals.discountCents + totals.shippingCents);
          expect(totals.totalCents).toBeGreaterThanOrEqual(0);
          // Per-rate bases plus their VAT are the total; one line per rate the cart holds.
          expect(sum(totals.vat.map((v) => v.baseExclVatCents + v.vatCents))).toBe(totals.totalCents);
          expect(totals.vat.map((v) => v.rate).sort()).toEqual(
            [...new Set(lines.map((l) => l.vatRate))].sort(),
          );
          for (const v of totals.vat) expect(v.vatCents).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('charges the method below its threshold and nothing from it, on the goods after discount', () => {
    expect(priceLines([line(4999, 1)], null, colissimo).shippingCents).toBe(490);
    expect(priceLines([line(5000, 1)], null, colissimo).shippingCents).toBe(0);
    // 60 € less 20 % is 48 €: below the 50 € threshold again.
    expect(priceLines([line(6000, 1)], { kind: 'percent', value: 20 }, colissimo).shippingCents).toBe(490);
    expect(priceLines([line(100, 1)], { kind: 'free_shipping', value: 0 }, colissimo)).toMatchObject({
      shippingCents: 0,
      discountCents: 0,
      totalCents: 100,
    });
    expect(priceLines([line(100, 1)], null, { priceCents: 390, freeFromCents: null }).totalCents).toBe(490);
  });

  it('splits the shipping over the rates in proportion to the goods of each rate', () => {
    // 30 € at 20 % and 10 € at 5.5 %: the 4.90 € shipping is 3.675 € + 1.225 € → 368 + 122.
    const totals = priceLines([line(3000, 1, 20), line(1000, 1, 5.5)], null, colissimo);
    expect(totals.vat).toEqual([
      { rate: 20, baseExclVatCents: 2807, vatCents: 561 }, // 33.68 € TTC
      { rate: 5.5, baseExclVatCents: 1064, vatCents: 58 }, // 11.22 € TTC
    ]);
  });

  it('an empty cart costs nothing, whatever the code and method', () => {
    expect(priceLines([], { kind: 'fixed', value: 500 }, colissimo)).toEqual({
      subtotalCents: 0,
      discountCents: 0,
      lineDiscountCents: [],
      shippingCents: 0,
      totalCents: 0,
      vat: [],
    });
  });

  it('knows every kind of code', () => {
    for (const kind of PROMOTION_KINDS)
      expect(goodsDiscountCents({ kind, value: 10 }, 1000)).toBeGreaterThanOrEqual(0);
  });
});

/** Each test below is shaped like a bug another shop backend's users reported. */
describe('regressions from the anchors', () => {
  it('Vendure #3091: a percentage is rounded once on the order, so the lines still add up to it', () => {
    // 10 % of three lines at 0.05 €: rounded per line, 0.5 ct each would be 1 ct each (3 ct);
    // on the order it is 1.5 ct → 2 ct, and the lines share exactly those 2.
    const totals = priceLines([line(5, 1), line(5, 1), line(5, 1)], { kind: 'percent', value: 10 }, null);
    expect(totals.discountCents).toBe(2);
    expect(totals.lineDiscountCents).toEqual([1, 1, 0]);
    expect(totals.totalCents).toBe(15 - 2);
  });

  it('Saleor #12040: rounding per line never moves the order total away from subtotal − discount', () => {
    // 10 % of 7 lines at 0.15 €: per line 1.5 ct each; rounded per line that is 14 ct, on the total 11 ct.
    const totals = priceLines(
      Array.from({ length: 7 }, () => line(15, 1)),
      { kind: 'percent', value: 10 },
      null,
    );
    expect(totals.discountCents).toBe(11); // 10.5 ct, half up
    expect(totals.lineDiscountCents.reduce((a, b) => a + b, 0)).toBe(11);
    expect(totals.totalCents).toBe(105 - 11);
  });

  it('Saleor #17453: a fixed voucher larger than the cart makes it free, never negative, and the shipping is still due', () => {
    const totals = priceLines([line(1500, 1)], { kind: 'fixed', value: 5000 }, colissimo);
    expect(totals.discountCents).toBe(1500);
    expect(totals.shippingCents).toBe(490);
    expect(totals.totalCents).toBe(490);
    expect(totals.lineDiscountCents).toEqual([1500]);
  });

  it('Vendure #1237: an order-level discount lowers the VAT base of each rate in proportion, not one rate', () => {
    // 100 € at 20 % and 100 € at 5.5 %, 20 € off: each rate's goods carry 10 € of it.
    const totals = priceLines(
      [line(10000, 1, 20), line(10000, 1, 5.5)],
      { kind: 'fixed', value: 2000 },
      null,
    );
    expect(totals.lineDiscountCents).toEqual([1000, 1000]);
    expect(totals.vat).toEqual([
      { rate: 20, baseExclVatCents: 7500, vatCents: 1500 }, // 90 € TTC
      { rate: 5.5, baseExclVatCents: 8531, vatCents: 469 }, // 90 € TTC
    ]);
  });
});
