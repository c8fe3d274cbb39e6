import { describe, expect, it } from 'vitest';
import { splitVat, vatBreakdown } from '../../src/pricing/vat.js';

describe('splitVat', () => {
  it.each([
    // total, rate, vat, excl. — VAT = total × rate / (100 + rate), half up
    [12000, 20, 2000, 10000],
    [5997, 20, 1000, 4997], // 999.5 → 1000
    [1999, 20, 333, 1666], // 333.17 → 333
    [3, 20, 1, 2], // 0.5 → 1
    [0, 20, 0, 0],
    [1055, 5.5, 55, 1000],
    [999, 0, 0, 999],
  ])('splits %i cents at %s %%', (total, rate, vat, excl) => {
    const split = splitVat(total, rate);
    expect(split).toEqual({ vatCents: vat, totalExclVatCents: excl });
    expect(split.vatCents + split.totalExclVatCents).toBe(total);
  });

  it('always adds up exactly, for every total up to 100 €', () => {
    for (let total = 0; total <= 10_000; total += 1) {
      const { vatCents, totalExclVatCents } = splitVat(total, 20);
      expect(vatCents + totalExclVatCents).toBe(total);
      expect(Math.abs(vatCents - (total * 20) / 120)).toBeLessThanOrEqual(0.5);
    }
  });
});

describe('vatBreakdown', () => {
  it('gives one line per rate, highest first, each rounded on its own total', () => {
    const lines = vatBreakdown(
      new Map([
        [5.5, 1055],
        [20, 12000],
      ]),
    );
    expect(lines).toEqual([
      { rate: 20, baseExclVatCents: 10000, vatCents: 2000 },
      { rate: 5.5, baseExclVatCents: 1000, vatCents: 55 },
    ]);
  });
});
