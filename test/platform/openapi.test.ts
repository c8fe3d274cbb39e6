import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

interface Operation {
  operationId?: string;
  deprecated?: boolean;
  security?: unknown[];
  parameters?: { name: string; in: string; description?: string }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Document {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

let t: TestApp;
let doc: Document;
beforeAll(async () => {
  t = await buildTestApp();
  doc = (await t.app.inject({ url: '/openapi.json' })).json();
});
afterAll(() => t.app.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
const op = (method: string, path: string): Operation => {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`${method} ${path} is not documented`);
  return found;
};
const schemaRef = (operation: Operation, status: string) =>
  operation.responses[status]?.content?.['application/json']?.schema.$ref;

describe('GET /openapi.json, for client generators', () => {
  it('gives every operation a unique operationId and names where it is served', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers?.length).toBeGreaterThan(0);
  });

  it('names the resources as components and refers to them', () => {
    for (const name of ['Product', 'Cart', 'Order', 'Invoice', 'Thread', 'Payment', 'Login', 'Error'])
      expect(doc.components.schemas, name).toHaveProperty(name);
    expect(schemaRef(op('get', '/api/catalog/products/{id}'), '200')).toBe('#/components/schemas/Product');
    expect(schemaRef(op('get', '/api/cart'), '200')).toBe('#/components/schemas/Cart');
    expect(schemaRef(op('post', '/api/orders/checkout'), '201')).toBe('#/components/schemas/Order');
    expect(schemaRef(op('get', '/api/orders/{id}/invoice'), '200')).toBe('#/components/schemas/Invoice');
    expect(schemaRef(op('get', '/api/support/threads/{id}'), '200')).toBe('#/components/schemas/Thread');
    expect(doc.components.schemas.Error).toMatchObject({ required: ['detail'] });
    expect(Object.keys(doc.components.schemas.Error?.properties ?? {})).toEqual(['detail', 'code']);
  });

  it('declares the error answers: 401 on every guarded route, 403 on admin ones, 422 everywhere', () => {
    for (const { key, op: operation } of operations()) {
      const guarded = (operation.security ?? []).length > 0;
      if (guarded) expect(schemaRef(operation, '401'), key).toBe('#/components/schemas/Error');
      if (key.includes(' /api/admin/'))
        expect(schemaRef(operation, '403'), key).toBe('#/components/schemas/Error');
      expect(schemaRef(operation, '422'), key).toBe('#/components/schemas/ValidationError');
    }
    expect(schemaRef(op('get', '/api/orders/{id}'), '404')).toBe('#/components/schemas/Error');
    expect(schemaRef(op('post', '/api/orders/pay'), '400')).toBe('#/components/schemas/Error');
  });

  it('shows a file picker for the upload, and the checkout body as optional', () => {
    const upload = op('post', '/api/admin/upload-image').requestBody;
    expect(upload?.content['multipart/form-data']?.schema).toMatchObject({
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    });
    expect(op('post', '/api/orders/checkout').requestBody?.required).toBe(false);
    expect(op('post', '/api/orders/pay').requestBody?.required).toBe(true);
  });

  it('gives the demo login as example and describes the catalogue query', () => {
    expect(op('post', '/api/auth/login').requestBody?.content['application/json']?.schema.example).toEqual({
      email: 'alice@example.com',
      password: 'password123',
    });
    const parameters = op('get', '/api/catalog/products').parameters ?? [];
    expect(parameters.map((p) => p.name).sort()).toEqual(
      [
        'category',
        'cursor',
        'in_stock',
        'limit',
        'max_price_cents',
        'min_price_cents',
        'offset',
        'option',
        'q',
        'sort',
      ].sort(),
    );
    for (const parameter of parameters) expect(parameter.description, parameter.name).toBeTruthy();
  });

  it('marks the aliases deprecated, and only them', () => {
    const deprecated = operations()
      .filter(({ op: operation }) => operation.deprecated)
      .map(({ key }) => key);
    expect(deprecated.sort()).toEqual(
      [
        'GET /api/auth/profile',
        'POST /api/auth/logout-v2',
        'PUT /api/admin/products',
        'PUT /api/auth/profile',
      ].sort(),
    );
  });
});
