import { describe, expect, it } from 'vitest';
import type { Promotion } from '../../src/promotions/promotion.js';
import {
  backendUnavailable,
  openForSuite,
  storeBackends,
  T0,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';
import { promotionFixture } from './fixtures.js';

/** The promotions store's contract, memory and PostgreSQL: the same answers to the same calls. */
warnWhenPostgresSkipped('promotions contract');

describe.each(storeBackends)('%s promotions', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);
  const repo = () => stores().repos.promotions;
  const stored = async (overrides: Partial<Promotion> = {}) => {
    const p = promotionFixture(overrides);
    expect(await repo().insert(p)).toEqual({ ok: true, promotion: p });
    return p;
  };
  const claim = (promotionId: string, userId = uid('u'), orderId = uid('o')) =>
    repo().claim({ promotionId, userId, orderId });

  it.skipIf(skip)('keeps a code as typed, unique and found whatever its case', async () => {
    const p = await stored({
      code: `Bienvenue${uid('x').replace(/\W/g, '')}`,
      startsAt: T0,
      endsAt: T0 + 86_400_000,
    });
    expect(await repo().findByCode(p.code.toUpperCase())).toEqual(p);
    expect(await repo().findByCode(p.code.toLowerCase())).toEqual(p);
    expect(await repo().findByCode('NOPE-NOPE')).toBeNull();
    expect(await repo().insert(promotionFixture({ code: p.code.toLowerCase() }))).toEqual({
      ok: false,
      reason: 'CODE_TAKEN',
    });
    const other = await stored();
    expect(await repo().update(other.id, { code: p.code.toUpperCase() })).toEqual({
      ok: false,
      reason: 'CODE_TAKEN',
    });
    expect(await repo().update(p.id, { code: p.code.toUpperCase() })).toMatchObject({
      ok: true,
      promotion: { code: p.code.toUpperCase() },
    });
    const listed = (await repo().list()).map((x) => x.id);
    expect(listed.indexOf(p.id)).toBeLessThan(listed.indexOf(other.id));
    expect(await repo().findById(p.id)).toMatchObject({ startsAt: T0, endsAt: T0 + 86_400_000 });
  });

  it.skipIf(skip)(
    'refuses a value that does not fit the kind and an end before the start, on insert and update',
    async () => {
      for (const [overrides, reason] of [
        [{ kind: 'percent', value: 0 }, 'INVALID_VALUE'],
        [{ kind: 'percent', value: 101 }, 'INVALID_VALUE'],
        [{ kind: 'percent', value: null }, 'INVALID_VALUE'],
        [{ kind: 'fixed', value: 0 }, 'INVALID_VALUE'],
        [{ kind: 'free_shipping', value: 5 }, 'INVALID_VALUE'],
        [{ startsAt: T0, endsAt: T0 }, 'INVALID_DATES'],
      ] as const) {
        expect(await repo().insert(promotionFixture(overrides))).toEqual({ ok: false, reason });
      }
      const p = await stored({ kind: 'fixed', value: 500 });
      expect(await repo().update(p.id, { value: 0 })).toEqual({ ok: false, reason: 'INVALID_VALUE' });
      expect(await repo().update(p.id, { kind: 'free_shipping' })).toEqual({
        ok: false,
        reason: 'INVALID_VALUE',
      });
      expect(await repo().update(p.id, { kind: 'free_shipping', value: null })).toMatchObject({
        ok: true,
        promotion: { kind: 'free_shipping', value: null },
      });
      expect(await repo().update(p.id, { endsAt: T0, startsAt: T0 + 1 })).toEqual({
        ok: false,
        reason: 'INVALID_DATES',
      });
      expect(await repo().update('nope', { active: false })).toEqual({ ok: false, reason: 'NOT_FOUND' });
      expect(await repo().findById(p.id)).toMatchObject({
        kind: 'free_shipping',
        value: null,
        startsAt: null,
      });
    },
  );

  it.skipIf(skip)(
    'claims within both limits, says which one refused, and never writes uses on update',
    async () => {
      const p = await stored({ maxUses: 2, maxUsesPerCustomer: 1 });
      const alice = uid('u');
      expect(await claim(p.id, alice)).toEqual({ ok: true });
      expect(await claim(p.id, alice)).toEqual({ ok: false, reason: 'ALREADY_USED' });
      expect(await repo().customerUses(p.id, alice)).toBe(1);
      expect(await claim(p.id)).toEqual({ ok: true });
      expect(await claim(p.id)).toEqual({ ok: false, reason: 'USED_UP' });
      expect(await claim(p.id, alice)).toEqual({ ok: false, reason: 'USED_UP' });
      expect(await repo().update(p.id, { maxUses: 1, minSubtotalCents: 100 })).toMatchObject({
        ok: true,
        promotion: { uses: 2, maxUses: 1 },
      });
      expect(await claim('nope')).toEqual({ ok: false, reason: 'UNKNOWN' });
      const off = await stored({ active: false });
      expect(await claim(off.id)).toEqual({ ok: false, reason: 'UNKNOWN' });
      expect((await repo().findById(off.id))?.uses).toBe(0);
    },
  );

  it.skipIf(skip)(
    'releases an order’s use once, keeps its trace, and lets the customer use the code again',
    async () => {
      const p = await stored({ maxUses: 1, maxUsesPerCustomer: 1 });
      const user = uid('u');
      const order = uid('o');
      expect(await claim(p.id, user, order)).toEqual({ ok: true });
      expect(await repo().redemptionOf(order)).toEqual({
        orderId: order,
        promotionId: p.id,
        userId: user,
        released: false,
      });
      expect(await repo().release(order)).toBe(true);
      expect(await repo().release(order)).toBe(false);
      expect(await repo().release('no-such-order')).toBe(false);
      expect(await repo().redemptionOf(order)).toMatchObject({ released: true });
      expect(await repo().redemptionOf('no-such-order')).toBeNull();
      expect((await repo().findById(p.id))?.uses).toBe(0);
      expect(await repo().customerUses(p.id, user)).toBe(0);
      expect(await claim(p.id, user)).toEqual({ ok: true });
      expect((await repo().findById(p.id))?.uses).toBe(1);
      // One order, one claim: a second one for the same order fails whole, counting nothing.
      const unlimited = await stored();
      expect(await claim(unlimited.id, user, order).catch(() => 'threw')).toBe('threw');
      expect((await repo().findById(unlimited.id))?.uses).toBe(0);
      expect(await repo().customerUses(unlimited.id, user)).toBe(0);
    },
  );

  it.skipIf(skip)('deletes only a promotion never claimed', async () => {
    const unused = await stored();
    const used = await stored();
    const order = uid('o');
    await claim(used.id, uid('u'), order);
    await repo().release(order);
    expect(await repo().delete(used.id)).toEqual({ ok: false, reason: 'IN_USE' });
    expect(await repo().delete(unused.id)).toEqual({ ok: true });
    expect(await repo().delete(unused.id)).toEqual({ ok: false, reason: 'NOT_FOUND' });
    expect(await repo().findById(unused.id)).toBeNull();
    expect(await repo().findById(used.id)).not.toBeNull();
  });
});
