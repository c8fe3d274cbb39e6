import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockPaymentGateway } from '../../src/orders/payment-gateway.js';
import { Metrics } from '../../src/platform/metrics/metrics.js';
import { listenForMetrics } from '../../src/platform/metrics/metrics-server.js';
import { StuckOnceGateway } from '../helpers/gateways.js';
import { adminPost, adminToken, createProduct, DECLINED_CARD, pay, placeOrder } from '../helpers/shop.js';
import { backendUnavailable, storeBackends, warnWhenPostgresSkipped } from '../helpers/store-backends.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 28, "operate it": /metrics in Prometheus's text format, for a scraper holding
 * METRICS_TOKEN (or on METRICS_PORT), whose counters move with what the shop does.
 */
const TOKEN = 'metrics-token-for-the-tests';

/** The value of one sample (`name{labels}`, labels in the order prom-client prints them), 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

async function scrape(t: TestApp): Promise<string> {
  const res = await t.app.inject({ url: '/metrics', headers: bearer(TOKEN) });
  expect(res.statusCode).toBe(200);
  return res.body;
}

describe('who may read /metrics', () => {
  let open: TestApp;
  let guarded: TestApp;
  beforeAll(async () => {
    open = await buildTestApp({ store: 'memory' });
    guarded = await buildTestApp({ store: 'memory', config: { metricsToken: TOKEN } });
  });
  afterAll(async () => {
    await open.app.close();
    await guarded.app.close();
  });

  it('is not served on the app port without METRICS_TOKEN', async () => {
    expect((await open.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    expect((await open.app.inject({ url: '/metrics', headers: bearer(TOKEN) })).statusCode).toBe(404);
  });

  it('answers 401 without the token or with another, in French', async () => {
    const missing = await guarded.app.inject({ url: '/metrics' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({ detail: 'Token manquant', code: 'TOKEN_MISSING' });
    const wrong = await guarded.app.inject({ url: '/metrics', headers: bearer(`${TOKEN}-not`) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ detail: 'Token invalide ou expiré', code: 'TOKEN_INVALID' });
    // A customer's session token is not the metrics token.
    const { token } = await registerUser(guarded.app);
    expect((await guarded.app.inject({ url: '/metrics', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('answers the Prometheus text format with the token, process figures included', async () => {
    const res = await guarded.app.inject({ url: '/metrics', headers: bearer(TOKEN) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'http_request_duration_seconds',
      'shop_order_transitions_total',
      'shop_payments_total',
      'shop_refunds_total',
      'shop_unpaid_orders_expired_total',
      'shop_idempotency_keys_in_progress',
      'nodejs_eventloop_lag_seconds',
      'process_resident_memory_bytes',
    ])
      expect(res.body).toContain(`# TYPE ${name} `);
  });

  it('serves /metrics without a token on METRICS_PORT, and nothing else there', async () => {
    const metrics = new Metrics({ clock: Date.now, defaultMetrics: false });
    metrics.payments.inc({ outcome: 'approved' });
    const server = await listenForMetrics(metrics, '127.0.0.1', 0);
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(sample(await res.text(), 'shop_payments_total{outcome="approved"}')).toBe(1);
      expect((await fetch(`${base}/api/catalog/products`)).status).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

warnWhenPostgresSkipped('/metrics counters');

describe.each(storeBackends)('%s store: the counters move with the shop', (store) => {
  const skip = backendUnavailable(store);
  const gateway = new MockPaymentGateway();
  let t: TestApp;
  beforeAll(async () => {
    if (!skip) t = await buildTestApp({ store, gateway, config: { metricsToken: TOKEN } });
  });
  afterAll(async () => {
    if (!skip) await t.app.close();
  });

  it.skipIf(skip)('counts a purchase: placed, paid, its checkout timed by route and status', async () => {
    const before = await scrape(t);
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 10 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 1 }]);
    expect(
      (await pay(t.app, token, order.id, undefined, { 'idempotency-key': randomUUID() })).statusCode,
    ).toBe(200);
    const after = await scrape(t);
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('shop_order_transitions_total{to="CREE",actor="customer"}')).toBe(1);
    expect(moved('shop_order_transitions_total{to="PAYEE",actor="customer"}')).toBe(1);
    expect(moved('shop_payments_total{outcome="approved"}')).toBe(1);
    expect(moved('shop_payments_total{outcome="declined"}')).toBe(0);
    expect(
      moved(
        'http_request_duration_seconds_count{method="POST",route="/api/orders/checkout",status_code="201"}',
      ),
    ).toBe(1);
    expect(
      moved('http_request_duration_seconds_count{method="POST",route="/api/orders/pay",status_code="200"}'),
    ).toBe(1);
  });

  it.skipIf(skip)(
    'counts a declined charge, a refund and its amount, and an unpaid order expired',
    async () => {
      const admin = await adminToken(t);
      const before = await scrape(t);
      const { token } = await registerUser(t.app);
      const product = await createProduct(t, { stockQty: 10, priceCents: 2500 });
      const declined = await placeOrder(t.app, token, [{ productId: product.id, quantity: 1 }]);
      expect((await pay(t.app, token, declined.id, DECLINED_CARD)).statusCode).toBe(400);
      const paid = await placeOrder(t.app, token, [{ productId: product.id, quantity: 1 }]);
      expect((await pay(t.app, token, paid.id)).statusCode).toBe(200);
      expect(
        (await adminPost(t.app, admin, '/orders/refund', { order_id: paid.id, amount_cents: 700 }))
          .statusCode,
      ).toBe(200);
      // The declined order, left unpaid past its TTL, is expired by the housekeeping pass.
      t.clock.advance(t.ctx.config.unpaidOrderTtlSeconds * 1000 + 1);
      while (((await t.ctx.services.housekeeping.sweep()).unpaidOrders ?? 0) > 0);
      const after = await scrape(t);
      const moved = (series: string) => sample(after, series) - sample(before, series);
      expect(moved('shop_payments_total{outcome="declined"}')).toBe(1);
      expect(moved('shop_refunds_total')).toBe(1);
      expect(moved('shop_refunded_cents_total')).toBe(700);
      expect(moved('shop_unpaid_orders_expired_total')).toBeGreaterThanOrEqual(1);
      expect(moved('shop_order_transitions_total{to="ANNULEE",actor="system"}')).toBe(
        moved('shop_unpaid_orders_expired_total'),
      );
    },
  );

  it.skipIf(skip)('shows an Idempotency-Key in progress while its payment is at the gateway', async () => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: 10 });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 1 }]);
    const stuck = new StuckOnceGateway();
    Object.assign(gateway, { charge: stuck.charge.bind(stuck) });
    const paying = pay(t.app, token, order.id, undefined, { 'idempotency-key': randomUUID() });
    const deadline = Date.now() + 5000;
    while (sample(await scrape(t), 'shop_idempotency_keys_in_progress') !== 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sample(await scrape(t), 'shop_idempotency_keys_in_progress')).toBe(1);
    stuck.release();
    expect((await paying).statusCode).toBe(200);
    Reflect.deleteProperty(gateway, 'charge');
    expect(sample(await scrape(t), 'shop_idempotency_keys_in_progress')).toBe(0);
  });

  it.skipIf(skip || store === 'memory')('shows each database client’s load', async () => {
    const text = await scrape(t);
    for (const client of ['pipeline', 'pool', 'images']) {
      expect(text).toContain(`db_client_in_use{client="${client}"}`);
      expect(text).toContain(`db_client_waiting{client="${client}"}`);
    }
    expect(sample(text, 'db_client_connections_max{client="images"}')).toBe(1);
  });
});
