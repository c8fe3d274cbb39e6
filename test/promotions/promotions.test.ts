import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';
import { uid } from '../helpers/uid.js';

let t: TestApp;
let admin: string;
let customer: { token: string; userId: string };
beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  customer = await registerUser(t.app);
});
afterAll(() => t.app.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/admin/promotions${url}`,
    headers: bearer(admin),
    ...(payload && { payload }),
  });
const freshCode = () => `Code${uid('c').replace(/\W/g, '')}`.slice(0, 32);
const create = async (payload: object) => {
  const res = await call('POST', '', { code: freshCode(), kind: 'percent', value: 10, ...payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('admin promo codes', () => {
  it('creates a code with its limits and dates in epoch seconds, lists it with its uses', async () => {
    const now = t.clock.now() / 1000;
    const code = freshCode();
    const res = await call('POST', '', {
      code: ` ${code} `,
      kind: 'fixed',
      value: 500,
      min_subtotal_cents: 3000,
      starts_at: now,
      ends_at: now + 86_400.5,
      max_uses: 100,
      max_uses_per_customer: 1,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      code,
      kind: 'fixed',
      value: 500,
      min_subtotal_cents: 3000,
      min_subtotal_euros: 30,
      starts_at: now,
      ends_at: now + 86_400.5,
      max_uses: 100,
      max_uses_per_customer: 1,
      active: true,
      uses: 0,
      created_at: now,
    });
    const { promotions } = (await call('GET', '')).json();
    expect(promotions.map((p: { code: string }) => p.code)).toContain(code);
  });

  it('refuses a code already there whatever its case (409), and invalid codes (422)', async () => {
    const { code } = await create({});
    const dup = await call('POST', '', { code: code.toLowerCase(), kind: 'free_shipping' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toEqual({
      detail: 'Un code promo identique existe déjà.',
      code: 'PROMOTION_CODE_TAKEN',
    });
    for (const bad of ['a', 'été2026', 'deux mots', 'x'.repeat(33)]) {
      expect((await call('POST', '', { code: bad, kind: 'free_shipping' })).statusCode).toBe(422);
    }
  });

  it.each([
    [{ kind: 'percent', value: 0 }, 'PROMOTION_VALUE_INVALID'],
    [{ kind: 'percent', value: 150 }, 'PROMOTION_VALUE_INVALID'],
    [{ kind: 'fixed', value: null }, 'PROMOTION_VALUE_INVALID'],
    [{ kind: 'free_shipping', value: 10 }, 'PROMOTION_VALUE_INVALID'],
    [{ starts_at: 2000, ends_at: 1000 }, 'PROMOTION_DATES_INVALID'],
  ])('refuses %o with 400', async (payload, code) => {
    const res = await call('POST', '', { code: freshCode(), kind: 'percent', value: 10, ...payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });

  it('edits a code in part, judged whole, and never lets uses be written', async () => {
    const p = await create({ kind: 'fixed', value: 800 });
    const off = await call('PUT', `/${p.id}`, { active: false, uses: 99, ends_at: null });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ active: false, uses: 0, kind: 'fixed', value: 800 });
    const mismatch = await call('PUT', `/${p.id}`, { kind: 'percent' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().code).toBe('PROMOTION_VALUE_INVALID');
    const shipping = await call('PUT', `/${p.id}`, { kind: 'free_shipping', value: null });
    expect(shipping.json()).toMatchObject({ kind: 'free_shipping', value: null });
    expect((await call('PUT', '/nope', { active: true })).statusCode).toBe(404);
  });

  it('deletes a code never used, and refuses to delete one that served (409)', async () => {
    const unused = await create({});
    expect((await call('DELETE', `/${unused.id}`)).statusCode).toBe(200);
    expect((await call('DELETE', `/${unused.id}`)).json().code).toBe('PROMOTION_NOT_FOUND');
    const used = await create({});
    await t.ctx.repos.promotions.claim({ promotionId: used.id, userId: customer.userId, orderId: uid('o') });
    const refused = await call('DELETE', `/${used.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('PROMOTION_IN_USE');
    expect((await call('GET', '')).json().promotions.find((p: { id: string }) => p.id === used.id).uses).toBe(
      1,
    );
  });

  it('is for admins only', async () => {
    const res = await t.app.inject({ url: '/api/admin/promotions', headers: bearer(customer.token) });
    expect(res.statusCode).toBe(403);
  });
});

describe('what a code does for a customer (the cart’s and the checkout’s judgement)', () => {
  const judge = (code: string, subtotalCents = 10_000) =>
    t.ctx.services.promotions.applicable(code, customer.userId, subtotalCents);
  const refused = async (code: string, subtotalCents: number, expected: { code: string; detail: string }) =>
    expect(judge(code, subtotalCents)).rejects.toMatchObject({ statusCode: 400, ...expected });

  it('applies a valid code whatever the case typed', async () => {
    const p = await create({ min_subtotal_cents: 5000 });
    expect((await judge(p.code.toLowerCase(), 5000)).id).toBe(p.id);
  });

  it('says why in French, each reason with its own code, the minimum in euros', async () => {
    const now = t.clock.now() / 1000;
    const min = await create({ min_subtotal_cents: 5000 });
    const later = await create({ starts_at: now + 60 });
    const over = await create({ ends_at: now + 60 });
    const off = await create({ active: false });
    const once = await create({ max_uses_per_customer: 1 });
    const single = await create({ max_uses: 1 });
    await t.ctx.repos.promotions.claim({ promotionId: once.id, userId: customer.userId, orderId: uid('o') });
    await t.ctx.repos.promotions.claim({ promotionId: single.id, userId: uid('u'), orderId: uid('o') });
    t.clock.advance(60_000);
    await refused('INCONNU', 10_000, { code: 'PROMO_UNKNOWN', detail: 'Code promo inconnu.' });
    await refused(off.code, 10_000, { code: 'PROMO_UNKNOWN', detail: 'Code promo inconnu.' });
    await refused(over.code, 10_000, { code: 'PROMO_EXPIRED', detail: 'Ce code promo a expiré.' });
    await refused(min.code, 4999, {
      code: 'PROMO_MINIMUM_NOT_REACHED',
      detail: 'Ce code promo demande un minimum d’achat de 50,00\u00a0€.',
    });
    await refused(single.code, 10_000, {
      code: 'PROMO_USED_UP',
      detail: 'Ce code promo a atteint son nombre maximal d’utilisations.',
    });
    await refused(once.code, 10_000, {
      code: 'PROMO_ALREADY_USED',
      detail: 'Vous avez déjà utilisé ce code promo.',
    });
    expect((await judge(later.code)).id).toBe(later.id);
    t.clock.advance(-120_000);
    await refused(later.code, 10_000, {
      code: 'PROMO_NOT_YET_VALID',
      detail: 'Ce code promo n’est pas encore valable.',
    });
    t.clock.advance(60_000);
  });
});
