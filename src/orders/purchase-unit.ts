import type { UserRepository } from '../auth/user.repository.js';
import type { CartRepository } from '../cart/cart.repository.js';
import type { ProductRepository } from '../catalog/product.repository.js';
import type { UnitOfWork } from '../database/unit-of-work.js';
import type { OutboxRepository } from '../mail/outbox.repository.js';
import type { KeyAnswers } from '../platform/idempotency/idempotency.repository.js';
import type { InvoiceRepository } from './invoice.repository.js';
import type { OrderRepository } from './order.repository.js';
import type { PaymentRepository } from './payment.repository.js';

/** The stores a unit of work may write: the ones a purchase and its undoing touch. */
export interface UnitStores {
  carts: CartRepository;
  products: ProductRepository;
  orders: OrderRepository;
  payments: PaymentRepository;
  invoices: InvoiceRepository;
  /** The mail a change causes is written with it (issue 26). */
  outbox: OutboxRepository;
  /** Read in a unit for the mail's recipient: the address as of the change. */
  users: UserRepository;
  /** A keyed request's answer, sealed with the work it answers for. */
  idempotency: KeyAnswers;
}

/** A unit of work over the stores `K` names; each service's unit names the ones it touches. */
export type PurchaseUnit<K extends keyof UnitStores = keyof UnitStores> = UnitOfWork<Pick<UnitStores, K>>;
