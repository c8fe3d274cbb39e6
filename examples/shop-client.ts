/**
 * A typed client of the API, generated from /openapi.json: `npm run client` writes
 * generated/api.d.ts, then `npm run example` (with a server on API_URL, default
 * http://localhost:8000) logs in, fills a cart, checks out, and reads an error as typed data.
 */
import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { components, paths } from '../generated/api.js';

type Order = components['schemas']['Order'];

const client = createClient<paths>({ baseUrl: process.env.API_URL ?? 'http://localhost:8000' });

/** Stops on an unexpected error; the error's `detail` is typed, so it can be shown as it is. */
function expectData<T>(result: { data?: T; error?: unknown }, what: string): T {
  if (result.data === undefined) throw new Error(`${what} failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

const login = expectData(
  await client.POST('/api/auth/login', { body: { email: 'alice@example.com', password: 'password123' } }),
  'login',
);
const headers = { Authorization: `Bearer ${login.token}` };
console.log(`logged in as ${login.first_name} ${login.last_name}`);

const catalogue = expectData(
  await client.GET('/api/catalog/products', { params: { query: { limit: 1 } } }),
  'catalogue',
);
const product = catalogue.products[0];
if (!product) throw new Error('the catalogue is empty');

const cart = expectData(
  await client.POST('/api/cart/add', { headers, body: { product_id: product.id, quantity: 1 } }),
  'add to cart',
);
console.log(`cart: ${cart.items.length} line(s), ${cart.total_euros} €`);

// The checkout body is optional in the document, so it may be left out here.
const order: Order = expectData(
  await client.POST('/api/orders/checkout', { headers: { ...headers, 'Idempotency-Key': randomUUID() } }),
  'checkout',
);
console.log(`order ${order.id}: ${order.status}, ${order.total_euros} €`);

// A second checkout finds the cart empty: the 400 comes back as typed data, not an exception.
// `error` is the declared `Error` or `ValidationError` (422), so `detail` is a message or a list.
const again = await client.POST('/api/orders/checkout', { headers });
if (again.response.status !== 400 || !again.error)
  throw new Error(`expected a 400, got ${again.response.status}`);
const { detail } = again.error;
const message = typeof detail === 'string' ? detail : detail.map((issue) => issue.msg).join('; ');
console.log(`a second checkout is refused: ${again.response.status} ${message}`);
