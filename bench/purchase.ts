import { json, type LoadResult, median } from './lib.js';

const PASSWORD = 'bench-password';
const CARD = { card_number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };

/**
 * Whole purchases, as a shopper makes them: log in, add to cart, check out, pay.
 * `workers` run in parallel for `durationS`; returns purchases per second and the
 * latency of a whole purchase.
 */
export async function runPurchases(
  base: string,
  _admin: string,
  productId: string,
  workers: number,
  durationS: number,
): Promise<LoadResult> {
  const post = (path: string, body: unknown, token?: string) =>
    fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
  const run = Math.random().toString(36).slice(2, 8);
  const emails = Array.from({ length: workers }, (_, i) => `bench-${run}-${i}@example.com`);
  await Promise.all(
    emails.map((email) =>
      json(`${base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email,
          password: PASSWORD,
          first_name: 'Bench',
          last_name: 'Buyer',
          address: '1 rue du Banc, Paris',
        }),
      }),
    ),
  );

  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + durationS * 1000;
  const worker = async (email: string) => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const loginRes = await post('/api/auth/login', { email, password: PASSWORD });
      if (loginRes.status !== 200) {
        errors += 1;
        continue;
      }
      const { token } = (await loginRes.json()) as { token: string };
      const added = await post('/api/cart/add', { product_id: productId, quantity: 1 }, token);
      await added.arrayBuffer();
      const order = await post('/api/orders/checkout', {}, token);
      if (order.status !== 201) {
        errors += 1;
        await order.arrayBuffer();
        continue;
      }
      const { id } = (await order.json()) as { id: string };
      const paid = await post('/api/orders/pay', { order_id: id, ...CARD }, token);
      await paid.arrayBuffer();
      if (paid.status !== 200) errors += 1;
      else latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(emails.map(worker));
  const elapsedS = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsedS,
    p50: median(latencies),
    p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    errors,
    non2xx: 0,
  };
}
