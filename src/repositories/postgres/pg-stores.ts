import type pg from 'pg';
import { FileImageStore } from '../files/file-image.store.js';
import type { Repositories, Stores } from '../repositories.js';
import { poolTransactor, type Queryable, type Transactor, translated, withStoreErrors } from './db.js';
import { PgCartRepository } from './pg-cart.repository.js';
import { PgIdempotencyRepository } from './pg-idempotency.repository.js';
import { PgInvoiceRepository } from './pg-invoice.repository.js';
import { PgLoginAttemptRepository } from './pg-login-attempt.repository.js';
import { PgOrderRepository } from './pg-order.repository.js';
import { PgPaymentRepository } from './pg-payment.repository.js';
import { PgProductRepository } from './pg-product.repository.js';
import { PgSessionRepository } from './pg-session.repository.js';
import { PgSupportRepository } from './pg-support.repository.js';
import { PgUserRepository } from './pg-user.repository.js';

/** `transaction` opens a transaction of its own; inside a unit, the unit's is used as it is. */
function createPgRepositories(
  connection: Queryable,
  images: FileImageStore,
  transaction: Transactor,
): Repositories {
  const db = withStoreErrors(connection);
  return {
    users: new PgUserRepository(db),
    sessions: new PgSessionRepository(db),
    products: new PgProductRepository(db),
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

/** Images stay in a folder (UPLOAD_DIR): instances sharing a database must share that folder too. */
export function createPgStores(pool: pg.Pool, uploadDir: string): Stores {
  const images = new FileImageStore(uploadDir);
  return {
    repos: createPgRepositories(pool, images, poolTransactor(pool)),
    unitOfWork: {
      async run(work) {
        const client = await pool.connect().catch((err: unknown) => {
          throw translated(err);
        });
        let broken = false;
        const tx = withStoreErrors(client);
        try {
          await tx.query('BEGIN');
          const result = await work(createPgRepositories(client, images, (inUnit) => inUnit(tx)));
          await tx.query('COMMIT');
          return result;
        } catch (err) {
          // A connection that cannot even roll back is dropped, not returned to the pool.
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw err;
        } finally {
          client.release(broken);
        }
      },
    },
    isReady: async () => {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}
