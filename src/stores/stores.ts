import type { AccountTokenRepository } from '../auth/account-token.repository.js';
import type { AccountUnit } from '../auth/account-unit.js';
import type { ResetRequests } from '../auth/reset-request.js';
import type { SessionRepository } from '../auth/session.repository.js';
import type { UserRepository } from '../auth/user.repository.js';
import type { CartRepository } from '../cart/cart.repository.js';
import type { CategoryRepository } from '../catalog/category.repository.js';
import type { ImageStore } from '../catalog/image.store.js';
import type { ProductRepository } from '../catalog/product.repository.js';
import type { UnitOfWork } from '../database/unit-of-work.js';
import type { CreditNoteRepository } from '../legal/credit-note.repository.js';
import type { LegalPdfRepository } from '../legal/legal-pdf.repository.js';
import type { OutboxRepository } from '../mail/outbox.repository.js';
import type { ChargeSettlement } from '../orders/charge-settlement.js';
import type { InvoiceRepository } from '../orders/invoice.repository.js';
import type { OrderRepository } from '../orders/order.repository.js';
import type { OrderPlacement } from '../orders/order-placement.js';
import type { PaymentRepository } from '../orders/payment.repository.js';
import type { UnitStores } from '../orders/purchase-unit.js';
import type { IdempotencyRepository } from '../platform/idempotency/idempotency.repository.js';
import type { ClientLoad } from '../platform/metrics/metrics.js';
import type { LoginAttemptRepository } from '../platform/throttle/login-attempt.repository.js';
import type { PromotionRepository } from '../promotions/promotion.repository.js';
import type { ShippingRepository } from '../shipping/shipping.repository.js';
import type { SupportRepository } from '../support/support.repository.js';

/** Every store the services use, all behind interfaces: in memory by default, PostgreSQL with DATABASE_URL. */
export interface Repositories {
  users: UserRepository;
  sessions: SessionRepository;
  products: ProductRepository;
  categories: CategoryRepository;
  carts: CartRepository;
  orders: OrderRepository;
  payments: PaymentRepository;
  invoices: InvoiceRepository;
  idempotency: IdempotencyRepository;
  threads: SupportRepository;
  images: ImageStore;
  loginAttempts: LoginAttemptRepository;
  /** Mails to send, written in the units of work of the changes that cause them (src/mail/). */
  outbox: OutboxRepository;
  /** Single-use links of accounts: reset, verification, address change (hashes only). */
  accountTokens: AccountTokenRepository;
  // legal documents (issue 27)
  creditNotes: CreditNoteRepository;
  legalPdfs: LegalPdfRepository;
  // issue 25
  shippingMethods: ShippingRepository;
  promotions: PromotionRepository;
}

/** What a unit of work may write: a purchase's stores, and the credit note a refund issues. */
export type AllUnitStores = UnitStores & { creditNotes: CreditNoteRepository };

/** The stores of one backend, how to group calls, whether they answer, and how to let go of them. */
export interface Stores {
  repos: Repositories;
  unitOfWork: UnitOfWork<AllUnitStores>;
  /** The two writes of every purchase, each kept whole in each store: checkout's and payment's. */
  placement: OrderPlacement;
  charges: ChargeSettlement;
  /** An account change with the mail it causes (issue 26), and the forgotten-password write. */
  accounts: AccountUnit;
  resets: ResetRequests;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
  /** The database clients' load, for /metrics (PostgreSQL only). */
  loads?: readonly ClientLoad[];
}
