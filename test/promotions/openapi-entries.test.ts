import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

interface Operation {
  operationId?: string;
  tags?: string[];
  requestBody?: { content: Record<string, { schema: { example?: unknown } }> };
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema: { $ref?: string } }> }
  >;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { example?: unknown }> };
}

let t: TestApp;
let doc: Document;
beforeAll(async () => {
  t = await buildTestApp();
  doc = (await t.app.inject({ url: '/openapi.json' })).json();
});
afterAll(() => t.app.close());

const op = (method: string, path: string): Operation => {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`${method} ${path} is not documented`);
  return found;
};

describe('OpenAPI: shipping methods and promo codes', () => {
  it.each([
    ['get', '/api/shipping/methods', 'listShippingMethods', 'ShippingMethodList'],
    ['get', '/api/admin/shipping-methods', 'adminListShippingMethods', 'ShippingMethodList'],
    ['put', '/api/admin/shipping-methods/{id}', 'adminUpdateShippingMethod', 'ShippingMethod'],
    ['get', '/api/admin/promotions', 'adminListPromotions', 'PromotionList'],
    ['put', '/api/admin/promotions/{id}', 'adminUpdatePromotion', 'Promotion'],
  ])('%s %s is %s answering %s', (method, path, operationId, schema) => {
    const operation = op(method, path);
    expect(operation.operationId).toBe(operationId);
    expect(operation.responses['200']?.content?.['application/json']?.schema.$ref).toBe(
      `#/components/schemas/${schema}`,
    );
  });

  it('gives the resources and the bodies an example', () => {
    expect(doc.components.schemas.ShippingMethod?.example).toMatchObject({
      code: 'colissimo',
      is_default: true,
    });
    expect(doc.components.schemas.Promotion?.example).toMatchObject({ code: 'BIENVENUE10', kind: 'percent' });
    const body = (method: string, path: string) =>
      op(method, path).requestBody?.content['application/json']?.schema.example;
    expect(body('post', '/api/admin/shipping-methods')).toMatchObject({ code: 'chronopost' });
    expect(body('post', '/api/admin/promotions')).toMatchObject({ code: 'BIENVENUE10' });
    expect(body('put', '/api/admin/promotions/{id}')).toEqual({ active: false });
  });

  it('documents the 409s from the catalogue', () => {
    expect(op('delete', '/api/admin/shipping-methods/{id}').responses['409']?.description).toContain(
      'SHIPPING_DEFAULT_REQUIRED',
    );
    expect(op('delete', '/api/admin/promotions/{id}').responses['409']?.description).toContain(
      'PROMOTION_IN_USE',
    );
    expect(op('post', '/api/admin/promotions').responses['409']?.description).toContain(
      'PROMOTION_CODE_TAKEN',
    );
  });
});
