import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, checkout } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';
import { uid } from '../helpers/uid.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

interface VariantBody {
  id: string;
  sku: string;
  options: Record<string, string>;
  price_cents: number;
  stock_qty: number;
  active: boolean;
}

const asAdmin = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/admin${url}`, headers: bearer(admin), ...(payload && { payload }) });

/** A T-shirt in S, M, L and two colours (M Noir at 22 €), 5 units each but L Blanc sold out. */
async function createTshirt(stock = 5) {
  const tag = uid('t');
  const sizes = ['S', 'M', 'L'];
  const colours = ['Blanc', 'Noir'];
  const res = await asAdmin('POST', '/products', {
    name: `T-shirt ${tag}`,
    price_cents: 2000,
    options: [
      { name: 'Taille', values: sizes },
      { name: 'Couleur', values: colours },
    ],
    variants: sizes.flatMap((size) =>
      colours.map((colour) => ({
        sku: `${tag}-${size}-${colour}`,
        options: { Couleur: colour, Taille: size },
        stock: size === 'L' && colour === 'Blanc' ? 0 : stock,
        ...(size === 'M' && colour === 'Noir' && { price_cents: 2200 }),
      })),
    ),
  });
  expect(res.statusCode, res.body).toBe(201);
  const product = res.json<{ id: string; variants: VariantBody[] }>();
  const variant = (size: string, colour: string) =>
    product.variants.find((v) => v.options.Taille === size && v.options.Couleur === colour) as VariantBody;
  return { tag, product, variant };
}

const cartAdd = (token: string, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/cart/add', headers: bearer(token), payload });

describe('a product with variants', () => {
  it('is created with its options and variants, and shows a price "à partir de" and the total stock', async () => {
    const { product, variant } = await createTshirt();
    const shown = (await t.app.inject({ url: `/api/catalog/products/${product.id}` })).json();
    expect(shown).toMatchObject({ price_cents: 2000, stock_qty: 25 });
    expect(shown.options).toEqual([
      { name: 'Taille', values: ['S', 'M', 'L'] },
      { name: 'Couleur', values: ['Blanc', 'Noir'] },
    ]);
    // Values in the product's option order, whatever order they were sent in.
    expect(Object.keys(variant('M', 'Noir').options)).toEqual(['Taille', 'Couleur']);
    expect(variant('M', 'Noir')).toMatchObject({ price_cents: 2200, price_euros: 22, stock_qty: 5 });
    expect(variant('S', 'Blanc')).toMatchObject({ price_cents: 2000, stock_qty: 5 });
  });

  it('hides an inactive variant from the catalogue and from the price "à partir de"', async () => {
    const { product, variant } = await createTshirt();
    for (const size of ['S', 'L']) {
      for (const colour of ['Blanc', 'Noir']) {
        const res = await asAdmin('PUT', `/variants/${variant(size, colour).id}`, { active: false });
        expect(res.statusCode).toBe(200);
      }
    }
    await asAdmin('PUT', `/variants/${variant('M', 'Blanc').id}`, { active: false });
    const shown = (await t.app.inject({ url: `/api/catalog/products/${product.id}` })).json();
    expect(shown.variants.map((v: VariantBody) => v.sku)).toEqual([variant('M', 'Noir').sku]);
    expect(shown).toMatchObject({ price_cents: 2200, stock_qty: 5 });
    const admin = (
      await t.app.inject({ url: '/api/admin/products', headers: bearer(adminTokenOf()) })
    ).json();
    expect(admin.find((p: { id: string }) => p.id === product.id).variants).toHaveLength(6);
  });

  it('refuses a duplicate SKU and a duplicate combination with 409, bad options with 400', async () => {
    const { product, variant } = await createTshirt();
    const small = await asAdmin('POST', '/products', {
      name: 'Chaussettes',
      price_cents: 900,
      options: [{ name: 'Taille', values: ['S', 'M'] }],
      variants: [{ options: { Taille: 'S' } }],
    });
    const dupSku = await asAdmin('POST', `/products/${small.json().id}/variants`, {
      sku: variant('S', 'Blanc').sku,
      options: { Taille: 'M' },
    });
    expect(dupSku.statusCode).toBe(409);
    expect(dupSku.json().code).toBe('SKU_TAKEN');
    const dupCombination = await asAdmin('POST', `/products/${product.id}/variants`, {
      sku: uid('sku'),
      options: { Taille: 'S', Couleur: 'Blanc' },
    });
    expect(dupCombination.json()).toMatchObject({ code: 'COMBINATION_TAKEN' });
    expect(dupCombination.statusCode).toBe(409);
    for (const options of [{ Taille: 'XXL', Couleur: 'Blanc' }, { Taille: 'S' }, {}]) {
      const res = await asAdmin('POST', `/products/${product.id}/variants`, { sku: uid('sku'), options });
      expect(res.statusCode, JSON.stringify(options)).toBe(400);
      expect(res.json().detail).toBe(
        'Une déclinaison donne une valeur à chaque option du produit (Taille, Couleur), choisie parmi ses valeurs.',
      );
    }
    const renamed = await asAdmin('PUT', `/variants/${variant('S', 'Noir').id}`, {
      sku: variant('M', 'Noir').sku,
    });
    expect(renamed.statusCode).toBe(409);
    const noVariants = await asAdmin('POST', '/products', {
      name: 'Sans déclinaison',
      price_cents: 100,
      options: [{ name: 'Taille', values: ['S'] }],
    });
    expect(noVariants.json()).toMatchObject({ code: 'VARIANTS_REQUIRED' });
    const twice = await asAdmin('POST', '/products', {
      name: 'Deux fois',
      price_cents: 100,
      options: [{ name: 'Taille', values: ['S', 'S'] }],
      variants: [{ options: { Taille: 'S' } }],
    });
    expect(twice.json()).toMatchObject({ code: 'PRODUCT_OPTIONS_INVALID' });
    const admin = (
      await t.app.inject({ url: '/api/admin/products', headers: bearer(adminTokenOf()) })
    ).json();
    expect(admin.filter((p: { name: string }) => ['Sans déclinaison', 'Deux fois'].includes(p.name))).toEqual(
      [],
    );
  });

  it('adds a variant, sets its stock, and answers VARIANT_REQUIRED to the product-wide stock route', async () => {
    const { product } = await createTshirt();
    const small = await asAdmin('POST', '/products', {
      name: 'Bonnet',
      price_cents: 1500,
      options: [{ name: 'Taille', values: ['S', 'M'] }],
      variants: [{ options: { Taille: 'S' }, stock: 1 }],
    });
    const added = await asAdmin('POST', `/products/${small.json().id}/variants`, {
      sku: uid('BONNET-M'),
      options: { Taille: 'M' },
      stock: 4,
      price_cents: 1700,
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ price_cents: 1500, stock_qty: 5 });
    expect(added.json().variants.map((v: VariantBody) => [v.options.Taille, v.price_cents])).toEqual([
      ['S', 1500],
      ['M', 1700],
    ]);
    const stock = await asAdmin('PUT', `/products/${product.id}/stock`, { stock: 3 });
    expect(stock.statusCode).toBe(400);
    expect(stock.json()).toEqual({
      detail: 'Choisissez une déclinaison du produit : Taille, Couleur.',
      code: 'VARIANT_REQUIRED',
    });
    const variantId = product.variants[0]?.id;
    const set = await asAdmin('PUT', `/variants/${variantId}/stock`, { stock: 42 });
    expect(set.statusCode).toBe(200);
    expect(set.json().variants.find((v: VariantBody) => v.id === variantId).stock_qty).toBe(42);
    expect((await asAdmin('PUT', '/variants/nope/stock', { stock: 1 })).statusCode).toBe(404);
  });
});

/** The admin's token, for reads inside tests that already hold it. */
const adminTokenOf = () => admin;

describe('buying a variant', () => {
  it('asks which variant when there is a choice, naming the options', async () => {
    const { product } = await createTshirt();
    const { token } = await registerUser(t.app);
    const res = await cartAdd(token, { product_id: product.id, quantity: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      detail: 'Choisissez une déclinaison du produit : Taille, Couleur.',
      code: 'VARIANT_REQUIRED',
    });
  });

  it('adds lines per variant, with their SKU, options and own price, and sets or removes them by variant', async () => {
    const { product, variant } = await createTshirt();
    const { token } = await registerUser(t.app);
    await cartAdd(token, { product_id: product.id, variant_id: variant('M', 'Noir').id, quantity: 2 });
    const cart = (
      await cartAdd(token, { product_id: product.id, variant_id: variant('S', 'Blanc').id, quantity: 1 })
    ).json();
    expect(cart.items).toMatchObject([
      {
        variant_id: variant('M', 'Noir').id,
        sku: variant('M', 'Noir').sku,
        options: { Taille: 'M', Couleur: 'Noir' },
        unit_price_cents: 2200,
        quantity: 2,
      },
      { variant_id: variant('S', 'Blanc').id, unit_price_cents: 2000, quantity: 1 },
    ]);
    expect(cart.total_cents).toBe(6400);
    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/cart/lines/${variant('M', 'Noir').id}`,
      headers: bearer(token),
      payload: { quantity: 5 },
    });
    expect(set.json().items[0].quantity).toBe(5);
    const tooMany = await t.app.inject({
      method: 'PUT',
      url: `/api/cart/lines/${variant('M', 'Noir').id}`,
      headers: bearer(token),
      payload: { quantity: 6 },
    });
    expect(tooMany.json()).toMatchObject({ code: 'CART_STOCK_INSUFFICIENT' });
    // The product-wide routes cannot tell which of two lines.
    const ambiguous = await t.app.inject({
      method: 'DELETE',
      url: `/api/cart/remove/${product.id}`,
      headers: bearer(token),
    });
    expect(ambiguous.json()).toMatchObject({ code: 'VARIANT_REQUIRED' });
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/cart/lines/${variant('S', 'Blanc').id}`,
      headers: bearer(token),
    });
    expect(removed.json().items.map((i: { variant_id: string }) => i.variant_id)).toEqual([
      variant('M', 'Noir').id,
    ]);
  });

  it('refuses a variant of another product, an inactive one, and a sold-out one', async () => {
    const { product, variant } = await createTshirt();
    const other = await createTshirt();
    const { token } = await registerUser(t.app);
    const foreign = await cartAdd(token, {
      product_id: product.id,
      variant_id: other.variant('S', 'Blanc').id,
      quantity: 1,
    });
    expect(foreign.json()).toMatchObject({ code: 'CART_VARIANT_NOT_FOUND' });
    await asAdmin('PUT', `/variants/${variant('S', 'Noir').id}`, { active: false });
    const inactive = await cartAdd(token, {
      product_id: product.id,
      variant_id: variant('S', 'Noir').id,
      quantity: 1,
    });
    expect(inactive.json()).toMatchObject({ code: 'CART_VARIANT_INACTIVE' });
    const soldOut = await cartAdd(token, {
      product_id: product.id,
      variant_id: variant('L', 'Blanc').id,
      quantity: 1,
    });
    expect(soldOut.json()).toMatchObject({ code: 'CART_STOCK_INSUFFICIENT' });
  });

  it('checks out variant stock all or none, names the variant refused, and snapshots SKU and options', async () => {
    const { product, variant } = await createTshirt();
    const { token } = await registerUser(t.app);
    await cartAdd(token, { product_id: product.id, variant_id: variant('M', 'Noir').id, quantity: 2 });
    await cartAdd(token, { product_id: product.id, variant_id: variant('S', 'Blanc').id, quantity: 3 });
    await asAdmin('PUT', `/variants/${variant('S', 'Blanc').id}/stock`, { stock: 2 });
    const refused = await checkout(t.app, token);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toMatch(
      /^Stock insuffisant pour T-shirt .+ \(Taille : S, Couleur : Blanc\)\.$/,
    );
    const stockOfVariant = async (id: string) =>
      (await t.ctx.repos.products.findById(product.id))?.variants.find((v) => v.id === id)?.stockQty;
    expect(await stockOfVariant(variant('M', 'Noir').id)).toBe(5);

    await asAdmin('PUT', `/variants/${variant('S', 'Blanc').id}/stock`, { stock: 10 });
    await asAdmin('PUT', `/variants/${variant('S', 'Blanc').id}`, { active: false });
    const inactive = await checkout(t.app, token);
    expect(inactive.json().detail).toMatch(
      /^Produit indisponible : T-shirt .+ \(Taille : S, Couleur : Blanc\)\.$/,
    );

    await asAdmin('PUT', `/variants/${variant('S', 'Blanc').id}`, { active: true });
    const placed = await checkout(t.app, token);
    expect(placed.statusCode).toBe(201);
    expect(placed.json().items).toMatchObject([
      {
        variant_id: variant('M', 'Noir').id,
        sku: variant('M', 'Noir').sku,
        options: { Taille: 'M', Couleur: 'Noir' },
        unit_price_cents: 2200,
        quantity: 2,
      },
      {
        variant_id: variant('S', 'Blanc').id,
        options: { Taille: 'S', Couleur: 'Blanc' },
        unit_price_cents: 2000,
        quantity: 3,
      },
    ]);
    expect(placed.json().total_cents).toBe(2 * 2200 + 3 * 2000);
    expect(await stockOfVariant(variant('M', 'Noir').id)).toBe(3);
    expect(await stockOfVariant(variant('S', 'Blanc').id)).toBe(7);
    expect(await stockOfVariant(variant('S', 'Noir').id), 'another variant is untouched').toBe(5);
  });
});

describe('catalogue filters on variants and categories', () => {
  it('filters by option on one variant, with in_stock judged on that variant', async () => {
    const { tag, product } = await createTshirt();
    const search = async (query: string) =>
      (await t.app.inject({ url: `/api/catalog/products?q=${tag}&${query}` }))
        .json()
        .products.map((p: { id: string }) => p.id);
    expect(await search('option=Taille:M')).toEqual([product.id]);
    expect(await search('option=Taille:M&option=Couleur:Noir&in_stock=true')).toEqual([product.id]);
    expect(await search('option=Taille:L&option=Couleur:Blanc&in_stock=true')).toEqual([]);
    expect(await search('option=Taille:L&option=Couleur:Blanc&in_stock=false')).toEqual([product.id]);
    expect(await search('option=Taille:XL')).toEqual([]);
    expect(await search('option=Taille:M&option=Taille:S')).toEqual([]);
    const malformed = await t.app.inject({ url: '/api/catalog/products?option=Taille' });
    expect(malformed.statusCode).toBe(422);
  });

  it('filters by category, descendants included', async () => {
    const slug = (name: string) =>
      `${name}-${uid('c')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')}`;
    const hauts = (await asAdmin('POST', '/categories', { name: 'Hauts', slug: slug('hauts') })).json();
    const tshirts = (
      await asAdmin('POST', '/categories', { name: 'T-shirts', slug: slug('t-shirts'), parent_id: hauts.id })
    ).json();
    const { product } = await createTshirt();
    const put = await asAdmin('PUT', `/products/${product.id}`, { category_ids: [tshirts.id] });
    expect(put.json().categories).toEqual([{ id: tshirts.id, name: 'T-shirts', slug: tshirts.slug }]);
    const inCategory = async (categorySlug: string) =>
      (await t.app.inject({ url: `/api/catalog/products?category=${categorySlug}` }))
        .json()
        .products.map((p: { id: string }) => p.id);
    expect(await inCategory(hauts.slug)).toEqual([product.id]);
    expect(await inCategory(tshirts.slug)).toEqual([product.id]);
    expect(await inCategory('pas-de-categorie')).toEqual([]);
    const unknown = await asAdmin('PUT', `/products/${product.id}`, { category_ids: ['nope'] });
    expect(unknown.json()).toMatchObject({ code: 'CATEGORY_UNKNOWN' });
    expect(unknown.statusCode).toBe(400);
  });
});
