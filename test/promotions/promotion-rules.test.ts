import { describe, expect, it } from 'vitest';
import { invalidityOf, type Promotion, refusalOf } from '../../src/promotions/promotion.js';
import { formatEurosFr } from '../../src/shared/money.js';
import { promotionFixture } from './fixtures.js';

const NOW = Date.UTC(2026, 5, 1, 12);
const HOUR = 3_600_000;
const at = (overrides: Partial<Promotion>, context: Partial<Parameters<typeof refusalOf>[1]> = {}) =>
  refusalOf(promotionFixture(overrides), { now: NOW, subtotalCents: 5000, customerUses: 0, ...context });

describe('why a code cannot be used', () => {
  it.each([
    [
      'an unknown code',
      () => refusalOf(null, { now: NOW, subtotalCents: 5000, customerUses: 0 }),
      { reason: 'UNKNOWN' },
    ],
    ['a code switched off', () => at({ active: false }), { reason: 'UNKNOWN' }],
    ['before its start', () => at({ startsAt: NOW + 1 }), { reason: 'NOT_YET_VALID' }],
    ['at its end (excluded)', () => at({ endsAt: NOW }), { reason: 'EXPIRED' }],
    ['all uses taken', () => at({ maxUses: 3, uses: 3 }), { reason: 'USED_UP' }],
    [
      'used by this customer',
      () => at({ maxUsesPerCustomer: 1 }, { customerUses: 1 }),
      { reason: 'ALREADY_USED' },
    ],
    [
      'below the minimum',
      () => at({ minSubtotalCents: 5001 }),
      { reason: 'MINIMUM_NOT_REACHED', minimumCents: 5001 },
    ],
  ])('refuses %s', (_case, judge, refusal) => {
    expect(judge()).toEqual(refusal);
  });

  it('accepts at its start, just before its end, at the minimum and below each limit', () => {
    expect(
      at(
        {
          startsAt: NOW,
          endsAt: NOW + 1,
          minSubtotalCents: 5000,
          maxUses: 3,
          uses: 2,
          maxUsesPerCustomer: 2,
        },
        { customerUses: 1 },
      ),
    ).toBeNull();
  });

  it('gives the most final reason first and the minimum last', () => {
    const everything = { active: true, startsAt: NOW + HOUR, maxUses: 1, uses: 1, minSubtotalCents: 10_000 };
    expect(at(everything)).toEqual({ reason: 'NOT_YET_VALID' });
    expect(at({ ...everything, startsAt: null })).toEqual({ reason: 'USED_UP' });
    expect(
      at({ ...everything, startsAt: null, uses: 0, maxUsesPerCustomer: 1 }, { customerUses: 1 }),
    ).toEqual({ reason: 'ALREADY_USED' });
    expect(at({ ...everything, active: false })).toEqual({ reason: 'UNKNOWN' });
  });

  it('checks the value against the kind and the dates against each other', () => {
    const base = promotionFixture();
    expect(invalidityOf({ ...base, kind: 'percent', value: 100 })).toBeNull();
    expect(invalidityOf({ ...base, kind: 'percent', value: 12.5 })).toBe('INVALID_VALUE');
    expect(invalidityOf({ ...base, kind: 'fixed', value: 1 })).toBeNull();
    expect(invalidityOf({ ...base, kind: 'free_shipping', value: null })).toBeNull();
    expect(invalidityOf({ ...base, startsAt: NOW, endsAt: NOW - 1 })).toBe('INVALID_DATES');
  });
});

describe('euros as a French reader writes them', () => {
  it.each([
    [5000, '50,00\u00a0€'],
    [490, '4,90\u00a0€'],
    [5, '0,05\u00a0€'],
    [0, '0,00\u00a0€'],
    [125_000, '1\u00a0250,00\u00a0€'],
    [100_000_000, '1\u00a0000\u00a0000,00\u00a0€'],
  ])('%i cents is %s', (cents, text) => {
    expect(formatEurosFr(cents)).toBe(text);
  });
});
