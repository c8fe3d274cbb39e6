import { describe, expect, it } from 'vitest';
import type { ShippingMethod } from '../../src/shipping/shipping.js';
import {
  backendUnavailable,
  openForSuite,
  storeBackends,
  T0,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

/** The shipping store's contract, memory and PostgreSQL: one meaning, races included. */
warnWhenPostgresSkipped('shipping contract');

const method = (overrides: Partial<ShippingMethod> = {}): ShippingMethod => {
  const id = uid('ship');
  return {
    id,
    code: id.toLowerCase(),
    name: 'Méthode',
    priceCents: 490,
    freeFromCents: null,
    deliveryDays: 2,
    active: true,
    isDefault: false,
    createdAt: T0,
    ...overrides,
  };
};

describe.each(storeBackends)('%s shipping methods', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);
  const repo = () => stores().repos.shippingMethods;
  const defaults = async () => (await repo().list()).filter((m) => m.isDefault).map((m) => m.id);

  it.skipIf(skip)('stores, lists oldest first, finds, moves the default and deletes', async () => {
    const first = method({ freeFromCents: 5000 });
    const second = method();
    expect(await repo().insert(first)).toEqual({ ok: true, method: { ...first, isDefault: true } });
    expect(await repo().insert(second)).toEqual({ ok: true, method: second });
    expect(await repo().insert(method({ code: first.code }))).toEqual({ ok: false, reason: 'CODE_TAKEN' });
    expect((await repo().list()).map((m) => m.id)).toEqual([first.id, second.id]);
    expect(await repo().findById(first.id)).toEqual({ ...first, isDefault: true });
    expect(await repo().findById('nope')).toBeNull();

    expect(await repo().update(second.id, { isDefault: true, priceCents: 390 })).toEqual({
      ok: true,
      method: { ...second, isDefault: true, priceCents: 390 },
    });
    expect(await repo().findDefault()).toEqual({ ...second, isDefault: true, priceCents: 390 });
    expect(await defaults()).toEqual([second.id]);
    expect(await repo().update(second.id, { active: false })).toEqual({
      ok: false,
      reason: 'DEFAULT_REQUIRED',
    });
    expect(await repo().update(first.id, { freeFromCents: null })).toMatchObject({
      ok: true,
      method: { freeFromCents: null, isDefault: false },
    });
    expect(await repo().delete(second.id)).toEqual({ ok: false, reason: 'DEFAULT_REQUIRED' });
    expect(await repo().delete(first.id)).toEqual({ ok: true });
    expect(await repo().delete(first.id)).toEqual({ ok: false, reason: 'NOT_FOUND' });
    expect((await repo().list()).map((m) => m.id)).toEqual([second.id]);
  });

  it.skipIf(skip)('exactly one default whatever set-default, deactivate and delete race', async () => {
    for (let round = 0; round < 10; round += 1) {
      const methods = Array.from({ length: 6 }, () => method());
      for (const m of methods) await repo().insert(m);
      const calls = methods.flatMap((m, i) => [
        repo().update(m.id, { isDefault: true }),
        i % 2 === 0 ? repo().update(m.id, { active: false }) : repo().delete(m.id),
      ]);
      await Promise.all(calls);
      const after = await repo().list();
      const flagged = after.filter((m) => m.isDefault);
      expect(flagged, `round ${round}`).toHaveLength(1);
      expect(flagged[0]?.active, `round ${round}: the default is active`).toBe(true);
      expect(await repo().findDefault()).toEqual(flagged[0]);
    }
  });
});
