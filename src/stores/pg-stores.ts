import type pg from 'pg';
import { CachedSessionRepository } from '../auth/cached-session.repository.js';
import { PgSessionRepository } from '../auth/pg-session.repository.js';
import { PgUserRepository } from '../auth/pg-user.repository.js';
import { PgCartRepository } from '../cart/pg-cart.repository.js';
import type { ImageStore } from '../catalog/image.store.js';
import { PgImageStore } from '../catalog/pg-image.store.js';
import {
  PgProductRepository,
  type ProductWrites,
  type VersionedProduct,
} from '../catalog/pg-product.repository.js';
import { ProductReadModel } from '../catalog/product-read-model.js';
import { StockAnnouncer } from '../catalog/stock-announcer.js';
import type { ChangeFeed } from '../database/change-feed.js';
import { poolTransactor, type Queryable, type Transactor, withStoreErrors } from '../database/db.js';
import type { StatementPipeline } from '../database/statement-pipeline.js';
import { placementInUnits } from '../orders/order-placement.js';
import { PgChargeSettlement } from '../orders/pg-charge-settlement.js';
import { PgInvoiceRepository } from '../orders/pg-invoice.repository.js';
import { PgOrderRepository } from '../orders/pg-order.repository.js';
import { PgOrderPlacement } from '../orders/pg-order-placement.js';
import { PgPaymentRepository } from '../orders/pg-payment.repository.js';
import type { PurchaseUnit } from '../orders/purchase-unit.js';
import { PgIdempotencyRepository } from '../platform/idempotency/pg-idempotency.repository.js';
import { PgLoginAttemptRepository } from '../platform/throttle/pg-login-attempt.repository.js';
import { PgSupportRepository } from '../support/pg-support.repository.js';
import type { Repositories, Stores } from './stores.js';

/** `transaction` opens a transaction of its own; inside a unit, the unit's is used as it is. */
function createPgRepositories(
  db: Queryable,
  images: ImageStore,
  productWrites: ProductWrites,
  stockMoves: ProductWrites,
  transaction: Transactor,
): Repositories & { products: PgProductRepository } {
  return {
    users: new PgUserRepository(db),
    sessions: new PgSessionRepository(db),
    products: new PgProductRepository(db, productWrites, stockMoves),
    carts: new PgCartRepository(db),
    orders: new PgOrderRepository(db),
    payments: new PgPaymentRepository(db),
    invoices: new PgInvoiceRepository(db),
    idempotency: new PgIdempotencyRepository(db, transaction),
    threads: new PgSupportRepository(db),
    images,
    loginAttempts: new PgLoginAttemptRepository(db),
  };
}

/**
 * Everything in the database, images included, so instances share nothing but it; two
 * in-process copies in front (sessions, the catalogue) are kept current by `feed`. Statements
 * that run alone go through `pipeline`; units of work, images and readiness use `pool`.
 */
export async function createPgStores(
  pool: pg.Pool,
  pipeline: StatementPipeline,
  feed: ChangeFeed,
): Promise<Stores> {
  const statements = pipeline.db;
  // Images are written outside units of work, and the pool's store serves inside them too: on
  // the pool, so a unit holding row locks never waits behind the pipeline (which may be waiting
  // on those locks).
  const images = new PgImageStore(withStoreErrors(pool));
  let catalogue: ProductReadModel | undefined;
  const announcer = new StockAnnouncer(statements);
  const written: ProductWrites = (rows) => catalogue?.applyWritten(rows);
  const stockMoved: ProductWrites = (rows) => {
    written(rows);
    announcer.announce(rows);
  };
  const inTransaction = poolTransactor(pool);
  const tables = createPgRepositories(statements, images, written, stockMoved, inTransaction);
  catalogue = new ProductReadModel(tables.products, feed);
  const sessions = new CachedSessionRepository(tables.sessions, feed);
  await feed.start();
  await catalogue.settled();
  const model = catalogue;
  const unitOfWork: PurchaseUnit = {
    async run(work) {
      // Rows a unit writes reach the copy, and stock moves the others, only once the unit has committed.
      const edits: VersionedProduct[] = [];
      const moves: VersionedProduct[] = [];
      const result = await inTransaction((tx) =>
        work(
          createPgRepositories(
            tx,
            images,
            (rows) => edits.push(...rows),
            (rows) => moves.push(...rows),
            (inUnit) => inUnit(tx),
          ),
        ),
      );
      written(edits);
      stockMoved(moves);
      return result;
    },
  };
  return {
    repos: { ...tables, products: model, sessions },
    unitOfWork,
    placement: new PgOrderPlacement(statements, stockMoved, placementInUnits(unitOfWork)),
    charges: new PgChargeSettlement(statements),
    isReady: async () => {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      model.close();
      await announcer.flush();
      await feed.close();
      await pipeline.close();
      await pool.end();
    },
  };
}
