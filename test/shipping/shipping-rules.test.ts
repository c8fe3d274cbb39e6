import { describe, expect, it } from 'vitest';
import { judgeDelete, judgeInsert, judgeUpdate, type ShippingMethod } from '../../src/shipping/shipping.js';

const method = (overrides: Partial<ShippingMethod>): ShippingMethod => ({
  id: 'm',
  code: 'm',
  name: 'Méthode',
  priceCents: 490,
  freeFromCents: null,
  deliveryDays: 2,
  active: true,
  isDefault: false,
  createdAt: 0,
  ...overrides,
});

const home = method({ id: 'home', code: 'home', isDefault: true });
const relay = method({ id: 'relay', code: 'relay' });
const off = method({ id: 'off', code: 'off', active: false });
const all = [home, relay, off];

describe('shipping rules: exactly one default', () => {
  it('makes the first method the default even when not asked, and keeps a later one as asked', () => {
    expect(judgeInsert([], method({}))).toEqual({ ok: true, method: method({ isDefault: true }) });
    expect(judgeInsert(all, method({ id: 'new', code: 'new' }))).toMatchObject({
      ok: true,
      method: { isDefault: false },
    });
    expect(judgeInsert(all, method({ id: 'new', code: 'new', isDefault: true }))).toMatchObject({
      ok: true,
      method: { isDefault: true },
    });
  });

  it.each([
    ['a taken code', () => judgeInsert(all, method({ id: 'new', code: 'relay' })), 'CODE_TAKEN'],
    [
      'an inactive default',
      () => judgeInsert(all, method({ id: 'n', code: 'n', active: false, isDefault: true })),
      'DEFAULT_INACTIVE',
    ],
    ['an inactive first method', () => judgeInsert([], method({ active: false })), 'DEFAULT_INACTIVE'],
    ['an unknown id', () => judgeUpdate(all, 'nope', { name: 'x' }), 'NOT_FOUND'],
    ['another method’s code', () => judgeUpdate(all, 'relay', { code: 'home' }), 'CODE_TAKEN'],
    ['unsetting the default', () => judgeUpdate(all, 'home', { isDefault: false }), 'DEFAULT_REQUIRED'],
    ['deactivating the default', () => judgeUpdate(all, 'home', { active: false }), 'DEFAULT_REQUIRED'],
    ['an inactive method as default', () => judgeUpdate(all, 'off', { isDefault: true }), 'DEFAULT_INACTIVE'],
    [
      'deactivating while making default',
      () => judgeUpdate(all, 'relay', { isDefault: true, active: false }),
      'DEFAULT_INACTIVE',
    ],
    ['deleting the default', () => judgeDelete(all, 'home'), 'DEFAULT_REQUIRED'],
    ['deleting an unknown id', () => judgeDelete(all, 'nope'), 'NOT_FOUND'],
  ])('refuses %s', (_case, judge, reason) => {
    expect(judge()).toEqual({ ok: false, reason });
  });

  it('allows keeping its own code, activating and defaulting at once, and an absent field as no change', () => {
    expect(judgeUpdate(all, 'relay', { code: 'relay', name: 'Relais' })).toMatchObject({
      ok: true,
      method: { code: 'relay', name: 'Relais', priceCents: 490 },
    });
    expect(judgeUpdate(all, 'off', { active: true, isDefault: true })).toMatchObject({
      ok: true,
      method: { active: true, isDefault: true },
    });
    expect(judgeUpdate(all, 'home', { freeFromCents: 5000, isDefault: undefined })).toMatchObject({
      ok: true,
      method: { freeFromCents: 5000, isDefault: true },
    });
    expect(judgeDelete(all, 'off')).toEqual({ ok: true });
  });
});
