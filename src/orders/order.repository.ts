import type { Page, PageRequest } from '../shared/paging.js';
import type { Delivery, HistoryActor, Order, OrderStatus } from './order.js';
import type { OrderPage, OrderPageRequest } from './order-page.js';

export interface OrderFilter {
  status?: OrderStatus;
  userId?: string;
}

export interface TransitionRequest {
  from: readonly OrderStatus[];
  to: OrderStatus;
  at: number;
  actor: HistoryActor;
  /** The only fields a move writes besides status, timestamp and history; both stores apply exactly these. */
  changes?: TransitionChanges;
  /** Refuse while a charge is with the gateway (cancel must not race a payment). */
  requireNoPaymentInProgress?: boolean;
}

interface TransitionChanges {
  delivery?: Delivery;
  /** Set when a charge succeeds; also ends the payment claim. */
  paymentId?: string;
  invoiceId?: string;
}

export type TransitionOutcome =
  | { ok: true; order: Order; previous: OrderStatus }
  | { ok: false; current: Order | null };

export interface RefundRequest {
  /** Undefined refunds everything still refundable. */
  amountCents: number | undefined;
  allowedFrom: readonly OrderStatus[];
  fullyRefundedStatus: OrderStatus;
  at: number;
  actor: HistoryActor;
}

export interface PaymentClaimRequest {
  ownerId: string;
  payableFrom: readonly OrderStatus[];
  /** Orders created before this instant (epoch ms) are past their unpaid time: not claimed. */
  createdSince: number;
  now: number;
  leaseUntil: number;
}

/** A claimed order as it stood when claimed; the attempt count names the next gateway key. */
export interface PaymentClaim {
  order: Order;
  chargeAttempts: number;
}

export type RefundOutcome =
  | { ok: true; order: Order; previous: OrderStatus; amountCents: number }
  | { ok: false; reason: 'NOT_FOUND' | 'BAD_STATUS' | 'NO_PAYMENT' | 'BAD_AMOUNT' };

/** What the admin dashboard shows of the orders, computed by the store without loading them. */
export interface OrderSummary {
  total: number;
  byStatus: Record<OrderStatus, number>;
  /** Over orders with a payment: total minus refunded, so money captured minus money refunded. */
  revenueCents: number;
}

/** What services read outside a unit of work; every write goes through one. */
export type OrderReader = Pick<
  OrderRepository,
  'findById' | 'list' | 'page' | 'pageOfUser' | 'listUnpaidBefore'
>;

export interface OrderRepository {
  insert(order: Order): Promise<void>;
  findById(id: string): Promise<Order | null>;
  /** Oldest first. */
  list(filter: OrderFilter): Promise<Order[]>;
  /** One page of `list(filter)`, and the number of orders the filter matches. */
  page(filter: OrderFilter, page: PageRequest): Promise<Page<Order>>;
  /**
   * At most `limit` of the user's orders, oldest first, after `after`: a keyset read of
   * that user's orders only, never of the whole list.
   */
  pageOfUser(userId: string, page: OrderPageRequest): Promise<OrderPage<Order>>;
  /**
   * At most `limit` orders still unpaid (status CREE or VALIDEE, the statuses the system
   * `expire` move leaves) created strictly before `createdBefore` (epoch ms), oldest first.
   * A read only: the caller moves each with `transition`, which decides who wins.
   */
  listUnpaidBefore(createdBefore: number, limit: number): Promise<Order[]>;
  /**
   * Moves the order to `to` only if its status is one of `from`, stamping the
   * status's timestamp and appending to the history, all in one step. This is what
   * makes every move of §4 happen at most once under concurrency.
   */
  transition(id: string, request: TransitionRequest): Promise<TransitionOutcome>;
  /**
   * Marks a charge as in progress until `leaseUntil` (epoch ms) if the order belongs to
   * `ownerId`, is payable, was created at or after `createdSince` and no live claim holds it, and returns it with the number of
   * charge attempts recorded so far; null when any of that fails (the caller reads the
   * order to tell why). A claim whose holder died lapses at its lease's end.
   */
  claimPayment(id: string, claim: PaymentClaimRequest): Promise<PaymentClaim | null>;
  /** Ends the claim that lasts until `leaseUntil`; a later claim (its holder's lease lapsed) is left alone. */
  releasePaymentClaim(id: string, leaseUntil: number): Promise<void>;
  /**
   * Records a refund if the status allows it and the amount fits in what is still
   * refundable; moves to `fullyRefundedStatus` when nothing is left. One step.
   */
  recordRefund(id: string, request: RefundRequest): Promise<RefundOutcome>;
  /** Counts by status (every status present, zero included) and revenue, in one pass over the store. */
  summarize(): Promise<OrderSummary>;
}
