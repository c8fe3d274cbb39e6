import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, adminToken, createProduct } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/** Fields a client must never set, sent in every kind of body. */
const FORBIDDEN = {
  is_admin: true,
  id: 'attacker-chosen-id',
  user_id: 'attacker-chosen-user',
  email: 'hijack@example.com',
  password_hash: 'scrypt$1$1$1$AAAA$AAAA',
  status: 'LIVREE',
  stock_qty: 999999,
  total_cents: 1,
  refunded_cents: 0,
};

/** Raw JSON, since a JS object literal cannot carry a `__proto__` key as data. */
const withPrototypeKeys = (body: object) =>
  `${JSON.stringify(body).slice(0, -1)},"__proto__":{"is_admin":true,"polluted":true},"constructor":{"prototype":{"polluted":true}}}`;

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  return t.app.close();
});

const json = { 'content-type': 'application/json' };

describe('mass assignment', () => {
  it('register ignores every privileged field and prototype keys', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: json,
      payload: withPrototypeKeys({
        ...FORBIDDEN,
        email: 'honest@example.com',
        password: 'secret123',
        first_name: 'Honnête',
        last_name: 'Client',
        address: '1 rue Droite, Paris',
      }),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ email: 'honest@example.com', is_admin: false });
    expect(body.user_id).not.toBe(FORBIDDEN.id);
    const stored = await t.ctx.repos.users.findById(body.user_id);
    expect(stored?.isAdmin).toBe(false);
    expect(stored?.passwordHash).not.toBe(FORBIDDEN.password_hash);
  });

  // An `email` in the body only asks for a change (a link to the new address): the profile keeps its own.
  it('a profile update changes only names and address', async () => {
    const user = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/auth/me',
      headers: { ...bearer(user.token), ...json },
      payload: withPrototypeKeys({ ...FORBIDDEN, first_name: 'Nouveau' }),
    });
    expect(res.json()).toEqual({
      id: user.userId,
      email: user.email,
      email_verified: false,
      first_name: 'Nouveau',
      last_name: 'Test',
      address: expect.any(String),
      is_admin: false,
    });
  });

  it('cart and checkout bodies cannot set prices, owners, statuses or totals', async () => {
    const user = await registerUser(t.app);
    const product = await createProduct(t, { priceCents: 5000, stockQty: 5 });
    const added = await t.app.inject({
      method: 'POST',
      url: '/api/cart/add',
      headers: { ...bearer(user.token), ...json },
      payload: withPrototypeKeys({ ...FORBIDDEN, product_id: product.id, quantity: 1, unit_price_cents: 1 }),
    });
    expect(added.json().total_cents).toBe(5000);
    const order = await t.app.inject({
      method: 'POST',
      url: '/api/orders/checkout',
      headers: { ...bearer(user.token), ...json },
      payload: withPrototypeKeys(FORBIDDEN),
    });
    expect(order.statusCode).toBe(201);
    expect(order.json()).toMatchObject({
      user_id: user.userId,
      status: 'CREE',
      total_cents: 5000,
      refunded_cents: 0,
    });
    expect(order.json().id).not.toBe(FORBIDDEN.id);
    expect((await t.ctx.repos.products.findById(product.id))?.stockQty).toBe(4);
  });

  it('support bodies cannot choose the owner, the author or the closed flag', async () => {
    const user = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/support/threads',
      headers: { ...bearer(user.token), ...json },
      payload: withPrototypeKeys({
        ...FORBIDDEN,
        subject: 'Sujet',
        initial_message: 'Bonjour',
        closed: true,
        author_name: 'Support',
      }),
    });
    expect(res.json()).toMatchObject({ user_id: user.userId, closed: false });
    expect(res.json().messages[0]).toMatchObject({ author_user_id: user.userId, author_name: 'Jeanne Test' });
  });

  it('admin product bodies cannot choose the id or creation date', async () => {
    const admin = await adminToken(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/products',
      headers: { ...bearer(admin), ...json },
      payload: withPrototypeKeys({ id: FORBIDDEN.id, created_at: 0, name: 'Objet', price_cents: 100 }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).not.toBe(FORBIDDEN.id);
  });

  it('cart lines added with a prototype key as product id are refused, not merged into objects', async () => {
    const user = await registerUser(t.app);
    const res = await addToCart(t.app, user.token, '__proto__', 1);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Produit introuvable.' });
  });
});
