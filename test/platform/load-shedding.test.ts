import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { bearer, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { defaultConfig } from '../helpers/test-config.js';

/**
 * Issue 28, load shedding: past the event-loop delay or heap limit, a request is answered at
 * once with 503 OVERLOADED and Retry-After, while /health, /ready and /metrics still answer.
 */
const TOKEN = 'metrics-token-for-the-tests';
let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

async function shedding(limits: Partial<Config['loadShedding']>): Promise<TestApp> {
  t = await buildTestApp({
    store: 'memory',
    config: {
      metricsToken: TOKEN,
      loadShedding: { maxEventLoopDelayMs: 0, maxHeapUsedBytes: 0, retryAfterSeconds: 7, ...limits },
    },
  });
  return t;
}

/** Waits for the plugin's next sample to see the pressure, past the grace after start (two samples). */
async function underPressure(app: TestApp['app'], pastGrace = true): Promise<void> {
  if (pastGrace) await new Promise((resolve) => setTimeout(resolve, 1100));
  const deadline = Date.now() + 3000;
  while (!app.isUnderPressure() && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(app.isUnderPressure()).toBe(true);
}

describe('load shedding', () => {
  it('is on by default at 500 ms of event-loop delay, heap off, Retry-After 10 s', () => {
    expect(defaultConfig.loadShedding).toEqual({
      maxEventLoopDelayMs: 500,
      maxHeapUsedBytes: 0,
      retryAfterSeconds: 10,
    });
  });

  it('answers 503 OVERLOADED with Retry-After past the heap limit, and still answers /health, /ready, /metrics', async () => {
    const { app } = await shedding({ maxHeapUsedBytes: 1 });
    await underPressure(app);
    const shed = await app.inject({ url: '/api/catalog/products' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('7');
    expect(shed.json()).toEqual({
      detail: 'Service surchargé, réessayez dans un instant.',
      code: 'OVERLOADED',
    });
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: {} })).statusCode).toBe(503);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);
    const metrics = await app.inject({ url: '/metrics', headers: bearer(TOKEN) });
    expect(metrics.statusCode).toBe(200);
    // The dashboard shows what shedding decided on, and the shed answers themselves.
    expect(metrics.body).toMatch(/^shop_heap_used_bytes [1-9]/m);
    expect(metrics.body).toContain(
      'http_request_duration_seconds_count{method="GET",route="/api/catalog/products",status_code="503"} 1',
    );
  });

  it('sheds while the event loop lags past its limit, and serves again once it caught up', async () => {
    const { app } = await shedding({ maxEventLoopDelayMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the grace after start
    expect((await app.inject({ url: '/api/catalog/products' })).statusCode).toBe(200);
    const until = Date.now() + 1500;
    while (Date.now() < until); // a synchronous stall, as a runaway computation would make
    await underPressure(app, false);
    const shed = await app.inject({ url: '/api/catalog/products' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('7');
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    const deadline = Date.now() + 5000;
    while (app.isUnderPressure() && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await app.inject({ url: '/api/catalog/products' })).statusCode).toBe(200);
  });

  it('does not shed in the first samples after start, which time the start itself', async () => {
    const { app } = await shedding({ maxHeapUsedBytes: 1 });
    await underPressure(app, false); // the first sample, taken during the grace
    expect((await app.inject({ url: '/api/catalog/products' })).statusCode).toBe(200);
    await underPressure(app);
    expect((await app.inject({ url: '/api/catalog/products' })).statusCode).toBe(503);
  });

  it('sheds nothing when both limits are off', async () => {
    const { app } = await shedding({});
    expect(app.hasDecorator('isUnderPressure')).toBe(false);
    expect((await app.inject({ url: '/api/catalog/products' })).statusCode).toBe(200);
  });
});
