import { StatsService } from './admin/stats.service.js';
import { AuthService } from './auth/auth.service.js';
import { type PasswordHasher, ScryptPasswordHasher } from './auth/password-hasher.js';
import { CartService } from './cart/cart.service.js';
import { CachedImageStore } from './catalog/cached-image.store.js';
import { CatalogService } from './catalog/catalog.service.js';
import { ImageService } from './catalog/image.service.js';
import type { Config } from './config.js';
import { OrderService } from './orders/order.service.js';
import { PaymentService } from './orders/payment.service.js';
import { MockPaymentGateway, type PaymentGateway } from './orders/payment-gateway.js';
import { UnpaidExpiry } from './orders/unpaid-expiry.js';
import { HousekeepingService } from './platform/housekeeping.service.js';
import { IdempotencyService } from './platform/idempotency/idempotency.service.js';
import { Metrics } from './platform/metrics/metrics.js';
import { type Clock, systemClock } from './shared/clock.js';
import { cryptoIds, type IdGenerator } from './shared/ids.js';
import { instrumentedStores } from './stores/instrumented-stores.js';
import type { Repositories, Stores } from './stores/stores.js';
import { SupportService } from './support/support.service.js';

interface Services {
  auth: AuthService;
  catalog: CatalogService;
  cart: CartService;
  orders: OrderService;
  payments: PaymentService;
  idempotency: IdempotencyService;
  support: SupportService;
  images: ImageService;
  stats: StatsService;
  housekeeping: HousekeepingService;
}

export interface AppContext {
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  repos: Repositories;
  services: Services;
  /** The instance's Prometheus instruments (GET /metrics). */
  metrics: Metrics;
  /** True when every store answers; backs GET /ready. */
  isReady(): Promise<boolean>;
  /** Lets go of the stores (the database pool); called when the app closes. */
  close(): Promise<void>;
}

interface ContextOverrides {
  clock?: Clock;
  ids?: IdGenerator;
  hasher?: PasswordHasher;
  gateway?: PaymentGateway;
}

/** Wires repositories into services; the only place that knows every implementation. */
export function createAppContext(
  config: Config,
  given: Stores,
  overrides: ContextOverrides = {},
): AppContext {
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? cryptoIds;
  const hasher = overrides.hasher ?? new ScryptPasswordHasher();
  const gateway = overrides.gateway ?? new MockPaymentGateway();
  const metrics = new Metrics({
    clock: () => clock.now(),
    defaultMetrics: config.metricsToken !== undefined || config.metricsPort !== undefined,
  });
  if (given.loads) metrics.watchClients(given.loads);
  // Every write the services make passes the stores' ports, where it is counted for /metrics.
  const stores = instrumentedStores(given, metrics);
  const { repos } = stores;
  const tx = stores.unitOfWork;
  const { users, sessions, products, carts, orders, payments, invoices, threads, images } = repos;
  const expiry = new UnpaidExpiry({ tx, ttlMs: config.unpaidOrderTtlSeconds * 1000 });
  const orderService = new OrderService({
    orders,
    users,
    ids,
    clock,
    placement: stores.placement,
    tx,
    expiry,
  });
  const services: Services = {
    auth: new AuthService({ users, sessions, hasher, ids, clock, config }),
    catalog: new CatalogService({ products, ids, clock }),
    cart: new CartService({ carts, products }),
    orders: orderService,
    payments: new PaymentService({
      orders,
      claims: orders,
      charges: stores.charges,
      payments,
      invoices,
      gateway,
      ids,
      clock,
      tx,
      vatRatePercent: config.vatRatePercent,
      claimLeaseMs: config.paymentClaimLeaseMs,
      expiry,
    }),
    idempotency: new IdempotencyService({
      keys: repos.idempotency,
      clock,
      ids,
      leaseMs: config.idempotencyLeaseMs,
      maxKeysPerUser: config.idempotencyMaxKeysPerUser,
      maxKeys: config.idempotencyMaxKeys,
    }),
    support: new SupportService({
      threads,
      orders,
      users,
      ids,
      clock,
      maxOpenThreads: config.supportMaxOpenThreads,
    }),
    images: new ImageService({ images: new CachedImageStore(images, config.imageCacheBytes), ids }),
    stats: new StatsService({ orders, products, users }),
    housekeeping: new HousekeepingService({
      stores: {
        sessions,
        idempotency: repos.idempotency,
        loginAttempts: repos.loginAttempts,
        // Not a store, but swept the same way: a bounded batch of unpaid orders past their time.
        unpaidOrders: { sweepExpired: (now, limit) => orderService.expireUnpaid(now, limit) },
      },
      clock,
    }),
  };
  return {
    config,
    clock,
    ids,
    repos,
    services,
    metrics,
    isReady: () => stores.isReady(),
    close: () => stores.close(),
  };
}
