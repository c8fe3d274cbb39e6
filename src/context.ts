import type { Config } from './config.js';
import type { CartRepository } from './repositories/cart.repository.js';
import { FileImageStore } from './repositories/files/file-image.store.js';
import type { IdempotencyRepository } from './repositories/idempotency.repository.js';
import type { ImageStore } from './repositories/image.store.js';
import type { InvoiceRepository } from './repositories/invoice.repository.js';
import type { LoginAttemptRepository } from './repositories/login-attempt.repository.js';
import { MemoryCartRepository } from './repositories/memory/memory-cart.repository.js';
import { MemoryIdempotencyRepository } from './repositories/memory/memory-idempotency.repository.js';
import { MemoryInvoiceRepository } from './repositories/memory/memory-invoice.repository.js';
import { MemoryLoginAttemptRepository } from './repositories/memory/memory-login-attempt.repository.js';
import { MemoryOrderRepository } from './repositories/memory/memory-order.repository.js';
import { MemoryPaymentRepository } from './repositories/memory/memory-payment.repository.js';
import { MemoryProductRepository } from './repositories/memory/memory-product.repository.js';
import { MemorySessionRepository } from './repositories/memory/memory-session.repository.js';
import { MemorySupportRepository } from './repositories/memory/memory-support.repository.js';
import { MemoryUserRepository } from './repositories/memory/memory-user.repository.js';
import type { OrderRepository } from './repositories/order.repository.js';
import type { PaymentRepository } from './repositories/payment.repository.js';
import type { ProductRepository } from './repositories/product.repository.js';
import type { SessionRepository } from './repositories/session.repository.js';
import type { SupportRepository } from './repositories/support.repository.js';
import type { UserRepository } from './repositories/user.repository.js';
import { AuthService } from './services/auth.service.js';
import { CartService } from './services/cart.service.js';
import { CatalogService } from './services/catalog.service.js';
import { IdempotencyService } from './services/idempotency.service.js';
import { ImageService } from './services/image.service.js';
import { OrderService } from './services/order.service.js';
import { type PasswordHasher, ScryptPasswordHasher } from './services/password-hasher.js';
import { PaymentService } from './services/payment.service.js';
import { MockPaymentGateway, type PaymentGateway } from './services/payment-gateway.js';
import { StatsService } from './services/stats.service.js';
import { SupportService } from './services/support.service.js';
import { type Clock, systemClock } from './shared/clock.js';
import { cryptoIds, type IdGenerator } from './shared/ids.js';

export interface Repositories {
  users: UserRepository;
  sessions: SessionRepository;
  products: ProductRepository;
  carts: CartRepository;
  orders: OrderRepository;
  payments: PaymentRepository;
  invoices: InvoiceRepository;
  idempotency: IdempotencyRepository;
  threads: SupportRepository;
  images: ImageStore;
  loginAttempts: LoginAttemptRepository;
}

export interface Services {
  auth: AuthService;
  catalog: CatalogService;
  cart: CartService;
  orders: OrderService;
  payments: PaymentService;
  idempotency: IdempotencyService;
  support: SupportService;
  images: ImageService;
  stats: StatsService;
}

export interface AppContext {
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  repos: Repositories;
  services: Services;
  /** True when every store answers; backs GET /ready. */
  isReady(): Promise<boolean>;
}

export interface ContextOverrides {
  clock?: Clock;
  ids?: IdGenerator;
  hasher?: PasswordHasher;
  gateway?: PaymentGateway;
}

export function createMemoryRepositories(config: Pick<Config, 'uploadDir'>): Repositories {
  return {
    users: new MemoryUserRepository(),
    sessions: new MemorySessionRepository(),
    products: new MemoryProductRepository(),
    carts: new MemoryCartRepository(),
    orders: new MemoryOrderRepository(),
    payments: new MemoryPaymentRepository(),
    invoices: new MemoryInvoiceRepository(),
    idempotency: new MemoryIdempotencyRepository(),
    threads: new MemorySupportRepository(),
    images: new FileImageStore(config.uploadDir),
    loginAttempts: new MemoryLoginAttemptRepository(),
  };
}

/** Wires repositories into services; the only place that knows every implementation. */
export function createAppContext(config: Config, overrides: ContextOverrides = {}): AppContext {
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? cryptoIds;
  const hasher = overrides.hasher ?? new ScryptPasswordHasher();
  const gateway = overrides.gateway ?? new MockPaymentGateway();
  const repos = createMemoryRepositories(config);
  const { users, sessions, products, carts, orders, payments, invoices, threads, images } = repos;
  const services: Services = {
    auth: new AuthService({ users, sessions, hasher, ids, clock, config }),
    catalog: new CatalogService({ products, ids, clock }),
    cart: new CartService({ carts, products }),
    orders: new OrderService({ orders, products, carts, users, ids, clock }),
    payments: new PaymentService({
      orders,
      products,
      payments,
      invoices,
      gateway,
      ids,
      clock,
      vatRatePercent: config.vatRatePercent,
    }),
    idempotency: new IdempotencyService({ keys: repos.idempotency, clock }),
    support: new SupportService({ threads, orders, users, ids, clock }),
    images: new ImageService({ images, ids }),
    stats: new StatsService({ orders, products, users }),
  };
  return { config, clock, ids, repos, services, isReady: async () => true };
}
