import type { SessionRepository } from '../auth/session.repository.js';
import type { UserRepository } from '../auth/user.repository.js';
import type { CartRepository } from '../cart/cart.repository.js';
import type { ImageStore } from '../catalog/image.store.js';
import type { ProductRepository } from '../catalog/product.repository.js';
import type { ChargeSettlement } from '../orders/charge-settlement.js';
import type { InvoiceRepository } from '../orders/invoice.repository.js';
import type { OrderRepository } from '../orders/order.repository.js';
import type { OrderPlacement } from '../orders/order-placement.js';
import type { PaymentRepository } from '../orders/payment.repository.js';
import type { PurchaseUnit } from '../orders/purchase-unit.js';
import type { IdempotencyRepository } from '../platform/idempotency/idempotency.repository.js';
import type { ClientLoad } from '../platform/metrics/metrics.js';
import type { LoginAttemptRepository } from '../platform/throttle/login-attempt.repository.js';
import type { SupportRepository } from '../support/support.repository.js';

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

/** The stores of one backend, how to group calls, whether they answer, and how to let go of them. */
export interface Stores {
  repos: Repositories;
  unitOfWork: PurchaseUnit;
  /** The two writes of every purchase, each kept whole in each store: checkout's and payment's. */
  placement: OrderPlacement;
  charges: ChargeSettlement;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
  /** The database clients' load, for /metrics (PostgreSQL only). */
  loads?: readonly ClientLoad[];
}
