import { StatsService } from './admin/stats.service.js';
import { AccountService } from './auth/account.service.js';
import { AuthService } from './auth/auth.service.js';
import { type PasswordHasher, ScryptPasswordHasher } from './auth/password-hasher.js';
import { CartService } from './cart/cart.service.js';
import { CachedImageStore } from './catalog/cached-image.store.js';
import { CatalogService } from './catalog/catalog.service.js';
import { CategoryService } from './catalog/category.service.js';
import { ImageService } from './catalog/image.service.js';
import type { Config } from './config.js';
import { refundsWithCreditNotes } from './legal/credit-note-unit.js';
import { LegalInvoiceDocumentMaker } from './legal/invoice-document-maker.js';
import { InvoiceDocuments } from './legal/invoice-documents.js';
import { LegalService } from './legal/legal.service.js';
import { createMailTransport, type MailServices, mailServices } from './mail/mail-services.js';
import type { MailTransport } from './mail/transport.js';
import { OrderService } from './orders/order.service.js';
import { PaymentService } from './orders/payment.service.js';
import { MockPaymentGateway, type PaymentGateway } from './orders/payment-gateway.js';
import { UnpaidExpiry } from './orders/unpaid-expiry.js';
import { HousekeepingService } from './platform/housekeeping.service.js';
import { IdempotencyService } from './platform/idempotency/idempotency.service.js';
import { Metrics } from './platform/metrics/metrics.js';
import { PromotionService } from './promotions/promotion.service.js';
import { type Clock, systemClock } from './shared/clock.js';
import { cryptoIds, type IdGenerator } from './shared/ids.js';
import { ShippingService } from './shipping/shipping.service.js';
import { instrumentedStores } from './stores/instrumented-stores.js';
import type { Repositories, Stores } from './stores/stores.js';
import { SupportService } from './support/support.service.js';

interface Services {
  auth: AuthService;
  accounts: AccountService;
  catalog: CatalogService;
  categories: CategoryService;
  cart: CartService;
  orders: OrderService;
  payments: PaymentService;
  idempotency: IdempotencyService;
  support: SupportService;
  images: ImageService;
  stats: StatsService;
  housekeeping: HousekeepingService;
  /** The outbox's worker, its admin view, and the factory of rows (issue 26). */
  mail: MailServices;
  legal: LegalService;
  // issue 25
  shipping: ShippingService;
  promotions: PromotionService;
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
  /** Where mails go instead of SMTP_URL or MAIL_DIR. */
  mailTransport?: MailTransport;
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
  const mail = mailServices({
    outbox: repos.outbox,
    transport: overrides.mailTransport ?? createMailTransport(config),
    clock,
    ids,
    config,
  });
  const tx = stores.unitOfWork;
  const { users, sessions, products, categories, carts, orders, payments, invoices, threads, images } = repos;
  const catalog = new CatalogService({ products, categories, ids, clock });
  const accounts = new AccountService({
    users,
    tokens: repos.accountTokens,
    unit: stores.accounts,
    resets: stores.resets,
    hasher,
    ids,
    clock,
    mails: mail.factory,
    config,
  });
  const expiry = new UnpaidExpiry({ tx, ttlMs: config.unpaidOrderTtlSeconds * 1000, mails: mail.factory });
  // Issue 27: invoices as documents, and the credit note every refund issues in its unit.
  const { creditNotes, legalPdfs } = repos;
  const invoiceDocuments = new InvoiceDocuments({ pdfs: legalPdfs, users, orders, seller: config.seller });
  const refunds = refundsWithCreditNotes(tx, {
    invoices,
    documents: invoiceDocuments,
    seller: config.seller,
    ids,
  });
  const orderService = new OrderService({
    orders,
    users,
    ids,
    clock,
    placement: stores.placement,
    tx,
    expiry,
    mails: mail.factory,
    requireVerifiedEmail: config.requireVerifiedEmailForCheckout,
    creditNotes,
  });
  const services: Services = {
    auth: new AuthService({ users, sessions, hasher, ids, clock, config, unit: stores.accounts, accounts }),
    accounts,
    catalog,
    categories: new CategoryService({ categories, products, ids }),
    cart: new CartService({ carts, products }),
    orders: orderService,
    payments: new PaymentService({
      orders,
      claims: orders,
      charges: stores.charges,
      payments,
      documents: new LegalInvoiceDocumentMaker({
        users,
        seller: config.seller,
        defaultVatRate: config.vatRatePercent,
      }),
      gateway,
      ids,
      clock,
      tx,
      refunds,
      vatRatePercent: config.vatRatePercent,
      expiry,
      mails: mail.factory,
    }),
    idempotency: new IdempotencyService({
      keys: repos.idempotency,
      clock,
      ids,
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
    stats: new StatsService({ orders, products, users, catalog }),
    legal: new LegalService({
      orders,
      invoices,
      creditNotes,
      pdfs: legalPdfs,
      documents: invoiceDocuments,
      clock,
    }),
    housekeeping: new HousekeepingService({
      stores: {
        sessions,
        idempotency: repos.idempotency,
        loginAttempts: repos.loginAttempts,
        accountTokens: repos.accountTokens,
        // Not a store, but swept the same way: a bounded batch of unpaid orders past their time.
        unpaidOrders: { sweepExpired: (now, limit) => orderService.expireUnpaid(now, limit) },
      },
      clock,
    }),
    mail,
    // issue 25
    shipping: new ShippingService({ methods: repos.shippingMethods, ids, clock }),
    promotions: new PromotionService({ promotions: repos.promotions, ids, clock }),
  };
  return {
    config,
    clock,
    ids,
    repos,
    services,
    metrics,
    isReady: () => stores.isReady(),
    close: async () => {
      // No mail is sent once the stores are gone: the worker's pass in flight ends first.
      await mail.worker.stop();
      await stores.close();
    },
  };
}
