import type pg from 'pg';
import type { ImageStore } from '../image.store.js';
import { placementInUnits } from '../order-placement.js';
import type { Repositories, Stores, UnitOfWork } from '../repositories.js';
import { CachedSessionRepository } from './cached-session.repository.js';
import type { ChangeFeed } from './change-feed.js';
import { poolTransactor, type Queryable, type Transactor, withStoreErrors } from './db.js';
import { PgCartRepository } from './pg-cart.repository.js';
import { PgChargeSettlement } from './pg-charge-settlement.js';
import { PgIdempotencyRepository } from './pg-idempotency.repository.js';
import { PgImageStore } from './pg-image.store.js';
import { PgInvoiceRepository } from './pg-invoice.repository.js';
import { PgLoginAttemptRepository } from './pg-login-attempt.repository.js';
import { PgOrderRepository } from './pg-order.repository.js';
import { PgOrderPlacement } from './pg-order-placement.js';
import { PgPaymentRepository } from './pg-payment.repository.js';
import { PgProductRepository, type ProductWrites, type VersionedProduct } from './pg-product.repository.js';
import { PgSessionRepository } from './pg-session.repository.js';
import { PgSupportRepository } from './pg-support.repository.js';
import { PgUserRepository } from './pg-user.repository.js';
import { ProductReadModel } from './product-read-model.js';
import type { StatementPipeline } from './statement-pipeline.js';
import { StockAnnouncer } from './stock-announcer.js';

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
  const unitOfWork: UnitOfWork = {
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
