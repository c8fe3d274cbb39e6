import type { CartRepository } from './cart.repository.js';
import type { IdempotencyRepository } from './idempotency.repository.js';
import type { ImageStore } from './image.store.js';
import type { InvoiceRepository } from './invoice.repository.js';
import type { LoginAttemptRepository } from './login-attempt.repository.js';
import type { OrderRepository } from './order.repository.js';
import type { PaymentRepository } from './payment.repository.js';
import type { ProductRepository } from './product.repository.js';
import type { SessionRepository } from './session.repository.js';
import type { SupportRepository } from './support.repository.js';
import type { UserRepository } from './user.repository.js';

/** Every store the services use, all behind interfaces: in memory by default, PostgreSQL with DATABASE_URL. */
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

/**
 * Runs several repository calls as one unit: in PostgreSQL one transaction (all
 * committed or none, even if the process dies half-way); in memory the calls as they
 * are, each already atomic, with the services undoing their own steps on failure.
 */
export interface UnitOfWork {
  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

/** The stores of one backend, how to group calls, whether they answer, and how to let go of them. */
export interface Stores {
  repos: Repositories;
  unitOfWork: UnitOfWork;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}
