import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: string;
let customer: string;
beforeAll(async () => {
  t = await buildTestApp({ seed: true });
  admin = await adminToken(t);
  customer = (await registerUser(t.app)).token;
});
afterAll(() => t.app.close());

const adminCall = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/admin/shipping-methods${url}`,
    headers: bearer(admin),
    ...(payload && { payload }),
  });
const publicList = async () => (await t.app.inject({ url: '/api/shipping/methods' })).json().methods;
const codesOf = (methods: { code: string }[]) => methods.map((m) => m.code);
const defaultOf = async () =>
  (await adminCall('GET', '')).json().methods.filter((m: { is_default: boolean }) => m.is_default);

describe('shipping methods', () => {
  it('offers the demo methods to anyone, Colissimo by default and free from 50 €', async () => {
    const methods = await publicList();
    expect(methods).toEqual([
      {
        id: expect.any(String),
        code: 'colissimo',
        name: 'Colissimo domicile',
        price_cents: 490,
        price_euros: 4.9,
        free_from_cents: 5000,
        free_from_euros: 50,
        delivery_days: 2,
        active: true,
        is_default: true,
      },
      expect.objectContaining({
        code: 'mondial-relay',
        name: 'Mondial Relay point relais',
        price_cents: 390,
        is_default: false,
      }),
      expect.objectContaining({
        code: 'retrait-boutique',
        name: 'Retrait en boutique',
        price_cents: 0,
        free_from_cents: null,
      }),
    ]);
  });

  it('lets an admin create, edit and delete a method; customers see only active ones', async () => {
    const created = await adminCall('POST', '', {
      code: ' chronopost ',
      name: 'Chronopost',
      price_cents: 1290,
      delivery_days: 1,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      code: 'chronopost',
      free_from_cents: null,
      active: true,
      is_default: false,
    });
    const id = created.json().id;
    expect(codesOf(await publicList())).toContain('chronopost');

    const edited = await adminCall('PUT', `/${id}`, { active: false, free_from_cents: 10000 });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      active: false,
      free_from_cents: 10000,
      free_from_euros: 100,
      price_cents: 1290,
    });
    expect(codesOf(await publicList())).not.toContain('chronopost');
    expect(codesOf((await adminCall('GET', '')).json().methods)).toContain('chronopost');

    const deleted = await adminCall('DELETE', `/${id}`);
    expect(deleted.statusCode).toBe(200);
    expect(codesOf((await adminCall('GET', '')).json().methods)).not.toContain('chronopost');
    const again = await adminCall('DELETE', `/${id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({
      detail: 'Mode de livraison introuvable',
      code: 'SHIPPING_METHOD_NOT_FOUND',
    });
  });

  it('refuses a taken code with 409', async () => {
    const res = await adminCall('POST', '', {
      code: 'colissimo',
      name: 'Autre',
      price_cents: 100,
      delivery_days: 3,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SHIPPING_CODE_TAKEN');
    const relay = (await publicList()).find((m: { code: string }) => m.code === 'mondial-relay');
    expect((await adminCall('PUT', `/${relay.id}`, { code: 'colissimo' })).statusCode).toBe(409);
  });

  it('moves the default, and refuses to deactivate, unset or delete the default (409, French)', async () => {
    const [colissimo, relay] = await publicList();
    const moved = await adminCall('PUT', `/${relay.id}`, { is_default: true });
    expect(moved.json()).toMatchObject({ code: 'mondial-relay', is_default: true });
    expect(codesOf(await defaultOf())).toEqual(['mondial-relay']);

    for (const [call, body] of [
      [adminCall('PUT', `/${relay.id}`, { active: false }), 'SHIPPING_DEFAULT_REQUIRED'],
      [adminCall('PUT', `/${relay.id}`, { is_default: false }), 'SHIPPING_DEFAULT_REQUIRED'],
      [adminCall('DELETE', `/${relay.id}`), 'SHIPPING_DEFAULT_REQUIRED'],
    ] as const) {
      const res = await call;
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: body, detail: expect.stringContaining('par défaut') });
    }
    const off = await adminCall('POST', '', {
      code: 'pigeon',
      name: 'Pigeon',
      price_cents: 1,
      delivery_days: 9,
      active: false,
    });
    const inactiveDefault = await adminCall('PUT', `/${off.json().id}`, { is_default: true });
    expect(inactiveDefault.statusCode).toBe(409);
    expect(inactiveDefault.json().code).toBe('SHIPPING_DEFAULT_INACTIVE');
    expect(codesOf(await defaultOf())).toEqual(['mondial-relay']);
    await adminCall('PUT', `/${colissimo.id}`, { is_default: true });
    expect(codesOf(await defaultOf())).toEqual(['colissimo']);
  });

  it('validates the body (422) and keeps the routes for admins', async () => {
    for (const body of [
      { code: 'UPPER', name: 'X', price_cents: 1, delivery_days: 1 },
      { code: 'ok', name: 'X', price_cents: -1, delivery_days: 1 },
      { code: 'ok', name: 'X', price_cents: 1.5, delivery_days: 1 },
      { code: 'ok', name: '   ', price_cents: 1, delivery_days: 1 },
      { code: 'ok', name: 'X', price_cents: 1 },
    ]) {
      expect((await adminCall('POST', '', body)).statusCode).toBe(422);
    }
    const asCustomer = await t.app.inject({ url: '/api/admin/shipping-methods', headers: bearer(customer) });
    expect(asCustomer.statusCode).toBe(403);
  });

  it('picks the method of a checkout: the chosen active one, else the default; 400 otherwise', async () => {
    const shipping = t.ctx.services.shipping;
    const methods = await publicList();
    expect((await shipping.methodForCheckout(undefined))?.code).toBe('colissimo');
    expect((await shipping.methodForCheckout(methods[2].id))?.code).toBe('retrait-boutique');
    const off = (await adminCall('GET', ''))
      .json()
      .methods.find((m: { code: string }) => m.code === 'pigeon');
    for (const id of ['nope', off.id]) {
      await expect(shipping.methodForCheckout(id)).rejects.toMatchObject({
        statusCode: 400,
        code: 'SHIPPING_METHOD_UNAVAILABLE',
        detail: 'Mode de livraison inconnu ou indisponible.',
      });
    }
  });
});

describe('a shop without any method', () => {
  it('has no default, so a checkout ships for free', async () => {
    const bare = await buildTestApp();
    try {
      expect(await bare.ctx.services.shipping.methodForCheckout(undefined)).toBeNull();
      expect((await bare.app.inject({ url: '/api/shipping/methods' })).json()).toEqual({ methods: [] });
    } finally {
      await bare.app.close();
    }
  });
});
