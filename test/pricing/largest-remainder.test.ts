import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByLargestRemainder } from '../../src/pricing/largest-remainder.js';

describe('splitByLargestRemainder', () => {
  it('gives the left-over cents to the largest fractional parts', () => {
    // 100 over 1:1:1 is 33.33 each: the first index wins the tie.
    expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    // 10 over 3000:1000:6000 is exact.
    expect(splitByLargestRemainder(10, [3000, 1000, 6000])).toEqual([3, 1, 6]);
    // 5 over 1999:2999:4999 → 0.9998, 1.49995, 2.50025: floors 0, 1, 2 and the two cents left
    // go to the largest fractions (.9998 and .50025), not to the largest weights.
    expect(splitByLargestRemainder(5, [1999, 2999, 4999])).toEqual([1, 1, 3]);
  });

  it('gives nothing to a weight of 0 and refuses to split money over nothing', () => {
    expect(splitByLargestRemainder(7, [0, 5, 0])).toEqual([0, 7, 0]);
    expect(splitByLargestRemainder(0, [0, 0])).toEqual([0, 0]);
    expect(() => splitByLargestRemainder(1, [0, 0])).toThrow(RangeError);
  });

  it('stays exact where floating point would not: weights near 10^11', () => {
    const shares = splitByLargestRemainder(99_999_999_999, [99_900_000_000, 99_900_000_000, 1]);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(99_999_999_999);
    // Exact parts 49,999,999,999.25, the same, and 0.50: the last cent goes to the 1-cent weight,
    // which a float product (2^53 passed) could not rank.
    expect(shares).toEqual([49_999_999_999, 49_999_999_999, 1]);
  });

  it('always adds up, never gives a share above its weight, and stays within one cent of the exact part', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, fraction) => {
          const total = weights.reduce((a, b) => a + b, 0);
          fc.pre(total > 0);
          const amount = Math.floor(total * fraction);
          const shares = splitByLargestRemainder(amount, weights);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
          shares.forEach((share, i) => {
            const weight = weights[i] ?? 0;
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(weight);
            expect(Math.abs(share - (amount * weight) / total)).toBeLessThan(1);
          });
        },
      ),
    );
  });
});
