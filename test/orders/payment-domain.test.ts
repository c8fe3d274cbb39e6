import { describe, expect, it } from 'vitest';
import { isExpired } from '../../src/orders/payment.js';

/** A card is good until the last instant (UTC) of its expiry month. */
describe('isExpired', () => {
  const midJune2026 = Date.UTC(2026, 5, 15, 12, 0, 0);

  it.each([
    // expMonth, expYear, expired on 2026-06-15
    [6, 2026, false], // this month
    [5, 2026, true], // last month
    [7, 2026, false], // next month
    [1, 2026, true], // January of this year
    [12, 2026, false],
    [12, 2025, true], // last year, a later month
    [1, 2027, false], // next year, an earlier month
  ])('judges a card expiring %i/%i as expired=%s in mid-June 2026', (expMonth, expYear, expired) => {
    expect(isExpired({ expMonth, expYear }, midJune2026)).toBe(expired);
  });

  it('keeps a card good until the end of its month, UTC, and refuses it from the first instant of the next', () => {
    const card = { expMonth: 6, expYear: 2026 };
    expect(isExpired(card, Date.UTC(2026, 5, 30, 23, 59, 59, 999))).toBe(false);
    expect(isExpired(card, Date.UTC(2026, 6, 1, 0, 0, 0, 0))).toBe(true);
  });

  it('refuses a December card from the first of January', () => {
    const card = { expMonth: 12, expYear: 2026 };
    expect(isExpired(card, Date.UTC(2026, 11, 31, 23, 59, 59, 999))).toBe(false);
    expect(isExpired(card, Date.UTC(2027, 0, 1))).toBe(true);
  });
});
