import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, createProduct, placeOrder } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type ServedRoute, type TestApp } from '../helpers/test-app.js';

/**
 * Property: whatever body a route receives, the answer is a 2xx, or a 4xx with a
 * `detail` that changed nothing; never a 5xx. Runs at least 200 bodies per route.
 */
const RUNS_PER_ROUTE = 200;

let t: TestApp;
let customer: string;
let admin: string;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await buildTestApp();
  const user = await registerUser(t.app);
  customer = user.token;
  admin = await adminToken(t);
  const product = await createProduct(t, { stockQty: 1_000_000 });
  ids.product = product.id;
  ids.order = (await placeOrder(t.app, customer, [{ productId: product.id, quantity: 1 }])).id;
  const thread = await t.app.inject({
    method: 'POST',
    url: '/api/support/threads',
    headers: bearer(customer),
    payload: { subject: 'Fil', initial_message: 'Bonjour' },
  });
  ids.thread = thread.json().id;
  // issue 25: a shipping method and a promo code for the routes with an {id}
  ids.shipping = (
    await t.ctx.services.shipping.create({
      code: 'fuzz-ship',
      name: 'Fuzz',
      priceCents: 490,
      freeFromCents: null,
      deliveryDays: 2,
      active: true,
      isDefault: true,
    })
  ).id;
  ids.promotion = (
    await t.ctx.services.promotions.create({
      code: 'FUZZ10',
      kind: 'percent',
      value: 10,
      minSubtotalCents: 0,
      startsAt: null,
      endsAt: null,
      maxUses: null,
      maxUsesPerCustomer: null,
      active: true,
    })
  ).id;
});
afterAll(() => t.app.close());

/**
 * Everything a failed request must leave as it was. Declined payment attempts are left
 * out: the contract wants them recorded even though the request answers 400.
 */
async function snapshot() {
  const { repos } = t.ctx;
  return JSON.stringify([
    await repos.users.count(),
    await repos.products.listAll(),
    await repos.orders.list({}),
    await repos.threads.list(),
    (await repos.payments.listByOrder(ids.order ?? '')).filter((payment) => payment.succeeded),
    await repos.carts.get((await repos.orders.findById(ids.order ?? ''))?.userId ?? ''),
    await repos.shippingMethods.list(),
    await repos.promotions.list(),
  ]);
}

function concreteUrl(route: ServedRoute): string {
  return route.url.replace(/:(\w+)/g, (_match, name: string) => {
    if (name === 'product_id' || route.url.startsWith('/api/admin/products')) return ids.product ?? '';
    if (route.url.includes('/threads')) return ids.thread ?? '';
    if (route.url.includes('/shipping-methods')) return ids.shipping ?? '';
    if (route.url.includes('/promotions')) return ids.promotion ?? '';
    return ids.order ?? '';
  });
}

const edgeNumber = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1,
    0.5,
    -0.0,
    1e308,
    -1e308,
    2 ** 53,
    Number.MAX_SAFE_INTEGER + 2,
    999,
    1000,
    12,
    13,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const edgeString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '   \t\n',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; DROP TABLE users;--",
    '\u0000',
    '🛒'.repeat(300),
  ),
  fc.string({ minLength: 4000, maxLength: 6000 }),
);
const deepNesting = fc
  .integer({ min: 50, max: 2000 })
  .map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`));
const leaf = fc.oneof(
  edgeNumber,
  edgeString,
  fc.boolean(),
  fc.constant(null),
  deepNesting,
  fc.jsonValue({ maxDepth: 3 }),
);

/** Plausible values per field name, so generated bodies also get past validation into the rules. */
function plausible(key: string): fc.Arbitrary<unknown> {
  const byKey: Record<string, fc.Arbitrary<unknown>> = {
    product_id: fc.constantFrom(ids.product, 'unknown-id'),
    order_id: fc.constantFrom(ids.order, 'unknown-id'),
    quantity: fc.integer({ min: 0, max: 999 }),
    email: fc.emailAddress(),
    password: fc.string({ minLength: 6, maxLength: 20 }),
    first_name: fc.string({ minLength: 1, maxLength: 20 }),
    last_name: fc.string({ minLength: 1, maxLength: 20 }),
    address: fc.string({ minLength: 5, maxLength: 40 }),
    shipping_address: fc.option(fc.string({ minLength: 5, maxLength: 40 })),
    card_number: fc.constantFrom('4242 4242 4242 4242', '4000000000000000', '4242424242424242'),
    exp_month: fc.integer({ min: 1, max: 12 }),
    exp_year: fc.integer({ min: 2020, max: 2040 }),
    cvc: fc.constantFrom('123', '1234', '12'),
    subject: fc.string({ minLength: 0, maxLength: 30 }),
    initial_message: fc.string({ maxLength: 30 }),
    body: fc.string({ maxLength: 30 }),
    name: fc.string({ maxLength: 30 }),
    description: fc.string({ maxLength: 30 }),
    price: fc.double({ min: 0, max: 10_000, noNaN: true }),
    price_cents: fc.integer({ min: -10, max: 1_000_000 }),
    stock: fc.integer({ min: -5, max: 1000 }),
    stock_qty: fc.integer({ min: -5, max: 1000 }),
    image_url: fc.option(fc.string({ maxLength: 30 })),
    active: fc.boolean(),
    carrier: fc.string({ maxLength: 20 }),
    amount_cents: fc.integer({ min: -10, max: 100_000 }),
    // issue 25
    code: fc.constantFrom('FUZZ10', 'fuzz10', 'fuzz-ship', 'NOUVEAU', 'x', 'été'),
    kind: fc.constantFrom('percent', 'fixed', 'free_shipping', 'other'),
    value: fc.option(fc.integer({ min: -5, max: 200 })),
    min_subtotal_cents: fc.integer({ min: -10, max: 100_000 }),
    starts_at: fc.option(fc.double({ min: -1, max: 3e9, noNaN: true })),
    ends_at: fc.option(fc.double({ min: -1, max: 3e9, noNaN: true })),
    max_uses: fc.option(fc.integer({ min: -1, max: 20 })),
    max_uses_per_customer: fc.option(fc.integer({ min: -1, max: 3 })),
    free_from_cents: fc.option(fc.integer({ min: -10, max: 10_000 })),
    delivery_days: fc.integer({ min: -1, max: 400 }),
    is_default: fc.boolean(),
    // accounts (issue 26): a link's token, the current password right or wrong
    token: fc.constantFrom('x'.repeat(43), '', 'not-a-token'),
    current_password: fc.constantFrom('secret123', 'pas-le-bon'),
    new_password: fc.string({ minLength: 0, maxLength: 20 }),
  };
  return byKey[key] ?? leaf;
}

/** Bodies shaped like the route's own (plausible or hostile values), anything at all, and malformed JSON. */
function bodies(keys: string[]) {
  const model = Object.fromEntries(
    (keys.length > 0 ? keys : ['x']).map((key) => [
      key,
      fc.oneof({ weight: 3, arbitrary: plausible(key) }, { weight: 1, arbitrary: leaf }),
    ]),
  );
  const shaped = fc.record(model, { requiredKeys: [] });
  const withPrototypeKeys = shaped.map((body) => {
    const json = JSON.stringify(body);
    return `${json.slice(0, -1)}${json === '{}' ? '' : ','}"__proto__":{"is_admin":true},"constructor":{"prototype":{"x":1}}}`;
  });
  const malformed = fc.oneof(
    fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"a":1}}', '\u0000', '{"a":"\\x"}'),
    fc.string().map((text) => `{${text}`),
  );
  return fc.oneof(
    { weight: 6, arbitrary: shaped.map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: withPrototypeKeys },
    { weight: 1, arbitrary: malformed },
    { weight: 1, arbitrary: fc.constant('') },
  );
}

describe('fuzzing every route that takes a JSON body', () => {
  let total = 0;
  afterAll(() => {
    // Reported in the closing note of the issue that added this test.
    console.info(`fuzz: ${total} generated requests`);
  });

  it('finds the routes with a body', () => {
    expect(t.routes.filter((r) => r.bodyKeys !== null).length).toBeGreaterThanOrEqual(20);
  });

  it('never answers 5xx, and a 4xx has a detail and changes nothing', { timeout: 300_000 }, async () => {
    const routes = t.routes.filter((r) => r.bodyKeys !== null && r.method !== 'HEAD');
    for (const route of routes) {
      const token = route.access === 'admin' ? admin : customer;
      await fc.assert(
        fc.asyncProperty(bodies(route.bodyKeys ?? []), async (payload) => {
          total += 1;
          const before = await snapshot();
          const res = await t.app.inject({
            method: route.method as 'POST',
            url: concreteUrl(route),
            headers: { ...bearer(token), 'content-type': 'application/json' },
            payload,
          });
          if (res.statusCode >= 500)
            throw new Error(`${route.method} ${route.url} → ${res.statusCode}: ${res.body}`);
          if (res.statusCode >= 400) {
            const detail = res.json().detail;
            expect(detail === undefined || detail === null || detail === '').toBe(false);
            expect(await snapshot(), `${route.method} ${route.url} changed state on ${res.statusCode}`).toBe(
              before,
            );
          }
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    expect(total).toBeGreaterThanOrEqual(routes.length * RUNS_PER_ROUTE);
  });
});
