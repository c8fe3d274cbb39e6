import type { FastifyBaseLogger, FastifyInstance, LightMyRequestResponse } from 'fastify';
import { z } from 'zod';
import { buildApp } from '../../src/app.js';
import { ScryptPasswordHasher } from '../../src/auth/password-hasher.js';
import type { Config } from '../../src/config.js';
import { type AppContext, createAppContext } from '../../src/context.js';
import type { PaymentGateway } from '../../src/orders/payment-gateway.js';
import { seedDemoData } from '../../src/seed/demo-data.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createMemoryStores } from '../../src/stores/memory-stores.js';
import type { Stores } from '../../src/stores/stores.js';
import { auditDeclaredStatuses } from './declared-statuses.js';
import { postgresStoresInNewSchema, TEST_DATABASE_URL } from './postgres.js';
import { testConfig } from './test-config.js';
import { uid } from './uid.js';

export interface ServedRoute {
  method: string;
  url: string;
  access: string | undefined;
  /** The keys of the route's zod body schema; null when the route takes no JSON body. */
  bodyKeys: string[] | null;
}

function bodyKeysOf(schema: unknown): string[] | null {
  let current = schema;
  // Unwrap optional/nullable wrappers (the checkout body is optional).
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
  if (current instanceof z.ZodObject) return Object.keys(current.shape);
  return null;
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  /** Every route the app registered, read from Fastify itself rather than a hand-kept list. */
  routes: ServedRoute[];
}

/** A fresh app with its own stores and a clock that only moves when the test says so. */
export async function buildTestApp(
  options: {
    seed?: boolean;
    config?: Partial<Config>;
    gateway?: PaymentGateway;
    /**
     * Which backend: by default PostgreSQL when DATABASE_URL is set, else memory. Tests that
     * compare the two (differential, store edges) name it; 'postgres' needs DATABASE_URL.
     */
    store?: 'memory' | 'postgres';
    /** Stores opened by the caller, who closes them: two apps over one database. */
    stores?: Stores;
    /** Where the app logs, for a test that reads what it wrote. */
    logger?: FastifyBaseLogger;
  } = {},
): Promise<TestApp> {
  const clock = new ManualClock();
  const config = testConfig(options.config);
  if (options.store === 'postgres' && !TEST_DATABASE_URL)
    throw new Error('store postgres needs DATABASE_URL');
  const postgres =
    options.stores === undefined && TEST_DATABASE_URL && options.store !== 'memory'
      ? await postgresStoresInNewSchema(TEST_DATABASE_URL)
      : undefined;
  const stores = options.stores ?? postgres?.stores ?? createMemoryStores(config.uploadDir);
  // A cheap scrypt cost keeps the suite fast; the production cost is tested in password-hasher.test.ts.
  const ctx = createAppContext(config, stores, {
    clock,
    hasher: new ScryptPasswordHasher(2 ** 10),
    ...(options.gateway && { gateway: options.gateway }),
  });
  if (options.seed) await seedDemoData(ctx);
  const routes: ServedRoute[] = [];
  const app = await buildApp(ctx, {
    ...(options.logger && { logger: options.logger }),
    onRoute: (route) => {
      const bodyKeys = bodyKeysOf((route.schema as { body?: unknown } | undefined)?.body);
      for (const method of [route.method].flat()) {
        routes.push({ method, url: route.url, access: route.config?.access, bodyKeys });
      }
    },
  });
  auditDeclaredStatuses(app);
  if (postgres) app.addHook('onClose', () => postgres.drop());
  await app.ready();
  return { app, ctx, clock, routes };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface Registered {
  token: string;
  userId: string;
  email: string;
}

export async function registerUser(
  app: FastifyInstance,
  overrides: Partial<Record<'email' | 'password' | 'first_name' | 'last_name' | 'address', string>> = {},
): Promise<Registered> {
  const payload = {
    email: `${uid('user')}@example.com`,
    password: 'secret123',
    first_name: 'Jeanne',
    last_name: 'Test',
    address: '1 rue du Test, 75000 Paris',
    ...overrides,
  };
  const res = await app.inject({ method: 'POST', url: '/api/auth/register', payload });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ token: string; user_id: string; email: string }>();
  return { token: body.token, userId: body.user_id, email: body.email };
}

export async function loginAs(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json<{ token: string }>().token;
}

export const detailOf = (res: LightMyRequestResponse): unknown => res.json<{ detail: unknown }>().detail;
