import type { AccountUnit } from '../auth/account-unit.js';
import { CachedSessionRepository } from '../auth/cached-session.repository.js';
import { PgAccountTokenRepository } from '../auth/pg-account-token.repository.js';
import { PgResetRequests } from '../auth/pg-reset-request.js';
import { PgSessionRepository } from '../auth/pg-session.repository.js';
import { PgUserRepository } from '../auth/pg-user.repository.js';
import { PgCartRepository } from '../cart/pg-cart.repository.js';
import { CachedProductRepository } from '../catalog/cached-product.repository.js';
import type { ImageStore } from '../catalog/image.store.js';
import { PgCategoryRepository } from '../catalog/pg-category.repository.js';
import { PgImageStore } from '../catalog/pg-image.store.js';
import { PgProductRepository } from '../catalog/pg-product.repository.js';
import type { Queryable, Transactor } from '../database/db.js';
import { routedStatements } from '../database/statement-routing.js';
import {
  reservedStatementsOn,
  type StoreClient,
  statementsOn,
  transactionsOn,
} from '../database/store-client.js';
import type { UnitOfWork } from '../database/unit-of-work.js';
import { PgCreditNoteRepository } from '../legal/pg-credit-note.repository.js';
import { PgLegalPdfRepository } from '../legal/pg-legal-pdf.repository.js';
import { PgOutboxRepository } from '../mail/pg-outbox.repository.js';
import type { OrderPlacement } from '../orders/order-placement.js';
import { placementInUnits } from '../orders/order-placement.js';
import { PgChargeSettlement } from '../orders/pg-charge-settlement.js';
import { PgInvoiceRepository } from '../orders/pg-invoice.repository.js';
import { PgOrderRepository } from '../orders/pg-order.repository.js';
import { PgOrderPlacement } from '../orders/pg-order-placement.js';
import { PgPaymentRepository } from '../orders/pg-payment.repository.js';
import { PgIdempotencyRepository } from '../platform/idempotency/pg-idempotency.repository.js';
import { PgLoginAttemptRepository } from '../platform/throttle/pg-login-attempt.repository.js';
import { PgPromotionRepository } from '../promotions/pg-promotion.repository.js';
import { PgShippingRepository } from '../shipping/pg-shipping.repository.js';
import { PgSupportRepository } from '../support/pg-support.repository.js';
import type { AllUnitStores, Repositories, Stores } from './stores.js';

/** `transaction` opens a transaction of its own; inside a unit, the unit's is used as it is. */
function createPgRepositories(
  db: Queryable,
  images: ImageStore,
  transaction: Transactor,
  instance: number,
): Repositories {
  return {
    users: new PgUserRepository(db),
    sessions: new PgSessionRepository(db),
    products: new PgProductRepository(db, transaction),
    categories: new PgCategoryRepository(db, transaction),
    carts: new PgCartRepository(db),
    orders: new PgOrderRepository(db, instance),
    payments: new PgPaymentRepository(db),
    invoices: new PgInvoiceRepository(db),
    idempotency: new PgIdempotencyRepository(db, transaction, instance),
    threads: new PgSupportRepository(db),
    images,
    loginAttempts: new PgLoginAttemptRepository(db),
    outbox: new PgOutboxRepository(db),
    accountTokens: new PgAccountTokenRepository(db),
    creditNotes: new PgCreditNoteRepository(db),
    legalPdfs: new PgLegalPdfRepository(db),
    // issue 25
    shippingMethods: new PgShippingRepository(db, transaction),
    promotions: new PgPromotionRepository(db, transaction),
  };
}

/** The two clients of an instance, and how to end both. */
export interface PgClients {
  /** Every statement outside a unit of work, pipelined on DATABASE_PIPELINE_CONNECTIONS connections. */
  statements: StoreClient;
  /** Units of work (a transaction holds one connection while it runs), readiness. */
  units: StoreClient;
  /** This instance's number, alive while its liveness lock is held: what its claims record. */
  instance: number;
  /** Pictures, on a small client of their own: a flood of them never waits for, or holds, a unit's connection. */
  images: StoreClient;
  /** How many connections each client may open. */
  sizes: { statements: number; units: number; images: number };
  close(): Promise<void>;
}

/**
 * Everything in the database, images included, so instances share nothing but it. A statement
 * alone (a cart add, a checkout, a payment's claim and settlement, every read) is pipelined on
 * `statements`' connections: sent while the ones before it still run, each its own implicit
 * transaction, so one that fails leaves the next untouched. What queues behind a slow statement
 * waits for it; nothing that holds a lock waits on the pipeline (units never use it), so the
 * queue always drains. Units of work run on `units`, so a transaction never holds a pipelined
 * connection. Pictures have a client of their own, so reading them never takes a unit's
 * connection nor waits behind the pipeline. In
 * front, the catalogue's reads and the session lookups are served from memory for at most
 * `cacheTtlMs` (so any write, by any writer, shows everywhere within it); this instance's own
 * product writes clear the catalogue's cache at once.
 */
export function createPgStores(clients: PgClients, cacheTtlMs: number): Stores {
  // Plain reads pipelined; writes and locking reads each on a pool connection (statement-routing.ts).
  const statements = routedStatements(statementsOn(clients.statements), reservedStatementsOn(clients.units));
  const images = new PgImageStore(statementsOn(clients.images));
  const inTransaction = transactionsOn(clients.units);
  const { instance } = clients;
  const tables = createPgRepositories(statements, images, inTransaction, instance);
  const products = new CachedProductRepository(tables.products, cacheTtlMs);
  const sessions = new CachedSessionRepository(tables.sessions, cacheTtlMs);
  const unitOfWork: UnitOfWork<AllUnitStores> = {
    async run(work) {
      try {
        return await inTransaction((tx) =>
          work(createPgRepositories(tx, images, (inUnit) => inUnit(tx), instance)),
        );
      } finally {
        // Whatever the unit wrote (a cancel's stock, a fallback checkout) shows here once it committed.
        products.changed();
      }
    },
  };
  const accounts: AccountUnit = {
    async run(work) {
      let endedSessions = false;
      try {
        return await inTransaction((tx) => {
          const table = new PgSessionRepository(tx);
          return work({
            users: new PgUserRepository(tx),
            sessions: Object.assign(Object.create(table) as PgSessionRepository, {
              deleteAllOfUser: (userId: string, keep?: string) => {
                endedSessions = true;
                return table.deleteAllOfUser(userId, keep);
              },
            }),
            tokens: new PgAccountTokenRepository(tx),
            outbox: new PgOutboxRepository(tx),
          });
        });
      } finally {
        // Sessions a unit ended (a reset's) fail on this instance at once, elsewhere within the TTL;
        // a registration ends none, and leaves the cache alone.
        if (endedSessions) sessions.forgetAll();
      }
    },
  };
  // A sealed checkout or payment writes its key's answer on its transaction's own connection.
  const keysOn = (tx: Queryable) => new PgIdempotencyRepository(tx, (inUnit) => inUnit(tx), instance);
  const checkout = new PgOrderPlacement(statements, placementInUnits(unitOfWork), inTransaction, keysOn);
  const placement: OrderPlacement = {
    async place(draft, seal) {
      try {
        return await checkout.place(draft, seal);
      } finally {
        products.changed();
      }
    },
  };
  return {
    repos: { ...tables, products, sessions },
    unitOfWork,
    placement,
    charges: new PgChargeSettlement(statements, inTransaction, keysOn),
    accounts,
    resets: new PgResetRequests(statements),
    isReady: async () => {
      try {
        await clients.units.run((sql) => sql`SELECT 1`);
        return true;
      } catch {
        return false;
      }
    },
    close: clients.close,
    loads: [
      {
        name: 'pipeline',
        inFlight: () => clients.statements.inFlight(),
        connections: clients.sizes.statements,
      },
      { name: 'pool', inFlight: () => clients.units.inFlight(), connections: clients.sizes.units },
      { name: 'images', inFlight: () => clients.images.inFlight(), connections: clients.sizes.images },
    ],
  };
}
