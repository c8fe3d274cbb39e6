import type pg from 'pg';
import type { ImageStore } from '../image.store.js';
import type { Repositories, Stores } from '../repositories.js';
import { type Queryable, translated, withStoreErrors } from './db.js';
import { PgCartRepository } from './pg-cart.repository.js';
import { PgIdempotencyRepository } from './pg-idempotency.repository.js';
import { PgImageStore } from './pg-image.store.js';
import { PgInvoiceRepository } from './pg-invoice.repository.js';
import { PgLoginAttemptRepository } from './pg-login-attempt.repository.js';
import { PgOrderRepository } from './pg-order.repository.js';
import { PgPaymentRepository } from './pg-payment.repository.js';
import { PgProductRepository } from './pg-product.repository.js';
import { PgSessionRepository } from './pg-session.repository.js';
import { PgSupportRepository } from './pg-support.repository.js';
import { PgUserRepository } from './pg-user.repository.js';

function createPgRepositories(connection: Queryable, images: ImageStore): Repositories {
  const db = withStoreErrors(connection);
  return {
    users: new PgUserRepository(db),
    sessions: new PgSessionRepository(db),
    products: new PgProductRepository(db),
    carts: new PgCartRepository(db),
    orders: new PgOrderRepository(db),
    payments: new PgPaymentRepository(db),
    invoices: new PgInvoiceRepository(db),
    idempotency: new PgIdempotencyRepository(db),
    threads: new PgSupportRepository(db),
    images,
    loginAttempts: new PgLoginAttemptRepository(db),
  };
}

/** Everything in the database, images included: instances share nothing but it. */
export function createPgStores(pool: pg.Pool): Stores {
  // Images are written outside units of work: the pool's store serves inside them too.
  const images = new PgImageStore(withStoreErrors(pool));
  return {
    repos: createPgRepositories(pool, images),
    unitOfWork: {
      async run(work) {
        const client = await pool.connect().catch((err: unknown) => {
          throw translated(err);
        });
        let broken = false;
        const tx = withStoreErrors(client);
        try {
          await tx.query('BEGIN');
          const result = await work(createPgRepositories(client, images));
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
