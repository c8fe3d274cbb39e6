import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, createProduct } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

const asAdmin = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/admin${url}`, headers: bearer(admin), ...(payload && { payload }) });

const create = async (name: string, slug: string, parentId?: string, position?: number) => {
  const res = await asAdmin('POST', '/categories', { name, slug, parent_id: parentId, position });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; slug: string }>();
};

interface Node {
  slug: string;
  product_count: number;
  children: Node[];
}
const tree = async (): Promise<Node[]> => (await t.app.inject({ url: '/api/catalog/categories' })).json();
const find = (nodes: Node[], slug: string): Node | undefined =>
  nodes.map((n) => (n.slug === slug ? n : find(n.children, slug))).find(Boolean);

describe('the category tree', () => {
  it('nests categories in sibling order and counts listed products, descendants included, each once', async () => {
    const bas = await create('Bas', 'bas', undefined, 1);
    const hauts = await create('Hauts', 'hauts', undefined, 0);
    const sweats = await create('Sweats', 'sweats', hauts.id, 1);
    const tshirts = await create('T-shirts', 't-shirts', hauts.id, 0);
    const both = await createProduct(t, { categoryIds: [tshirts.id, sweats.id] });
    await createProduct(t, { categoryIds: [tshirts.id] });
    await createProduct(t, { categoryIds: [sweats.id], active: false });
    await createProduct(t, { categoryIds: [bas.id] });

    const roots = await tree();
    expect(roots.map((n) => n.slug)).toEqual(['hauts', 'bas']);
    expect(find(roots, 'hauts')?.children.map((n) => n.slug)).toEqual(['t-shirts', 'sweats']);
    expect(find(roots, 'hauts')?.product_count, 'a product in two subcategories counts once').toBe(2);
    expect(find(roots, 't-shirts')?.product_count).toBe(2);
    expect(find(roots, 'sweats')?.product_count, 'an inactive product is not counted').toBe(1);
    expect(find(roots, 'bas')?.product_count).toBe(1);
    const shown = (await t.app.inject({ url: `/api/catalog/products/${both.id}` })).json();
    expect(shown.categories.map((c: { slug: string }) => c.slug).sort()).toEqual(['sweats', 't-shirts']);
  });

  it('refuses a taken slug with 409, an unknown parent with 400, and a malformed slug with 422', async () => {
    await create('Vestes', 'vestes');
    const taken = await asAdmin('POST', '/categories', { name: 'Autres vestes', slug: 'vestes' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('SLUG_TAKEN');
    const orphan = await asAdmin('POST', '/categories', {
      name: 'Orpheline',
      slug: 'orpheline',
      parent_id: 'nope',
    });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json().code).toBe('CATEGORY_UNKNOWN');
    const malformed = await asAdmin('POST', '/categories', { name: 'Mal', slug: 'Pas Bien' });
    expect(malformed.statusCode).toBe(422);
  });

  it('moves a category, but never under itself or one of its descendants', async () => {
    const a = await create('A', 'cat-a');
    const b = await create('B', 'cat-b', a.id);
    const c = await create('C', 'cat-c', b.id);
    for (const parent of [a.id, c.id]) {
      const res = await asAdmin('PUT', `/categories/${a.id}`, { parent_id: parent });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('CATEGORY_CYCLE');
    }
    const moved = await asAdmin('PUT', `/categories/${c.id}`, { parent_id: a.id, name: 'C déplacée' });
    expect(moved.json()).toMatchObject({ id: c.id, parent_id: a.id, name: 'C déplacée', slug: 'cat-c' });
    const root = await asAdmin('PUT', `/categories/${b.id}`, { parent_id: null });
    expect(root.json().parent_id).toBeNull();
    expect((await asAdmin('PUT', '/categories/nope', { name: 'X' })).statusCode).toBe(404);
  });

  it('deletes only an empty category: 409 with children or products', async () => {
    const parent = await create('Parent', 'parent');
    const child = await create('Enfant', 'enfant', parent.id);
    const withChild = await asAdmin('DELETE', `/categories/${parent.id}`);
    expect(withChild.statusCode).toBe(409);
    expect(withChild.json().code).toBe('CATEGORY_HAS_CHILDREN');
    const product = await createProduct(t, { categoryIds: [child.id] });
    const withProduct = await asAdmin('DELETE', `/categories/${child.id}`);
    expect(withProduct.statusCode).toBe(409);
    expect(withProduct.json().code).toBe('CATEGORY_HAS_PRODUCTS');
    await asAdmin('PUT', `/products/${product.id}`, { category_ids: [] });
    expect((await asAdmin('DELETE', `/categories/${child.id}`)).statusCode).toBe(204);
    expect((await asAdmin('DELETE', `/categories/${parent.id}`)).statusCode).toBe(204);
    expect((await asAdmin('DELETE', `/categories/${parent.id}`)).statusCode).toBe(404);
    expect(find(await tree(), 'parent')).toBeUndefined();
  });

  it('is written by admins only', async () => {
    const { token } = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/categories',
      headers: bearer(token),
      payload: { name: 'X', slug: 'x' },
    });
    expect(res.statusCode).toBe(403);
  });
});
