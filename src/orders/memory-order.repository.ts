import { UndoableStore } from '../database/undo-log.js';
import { type Page, type PageRequest, pageOf } from '../shared/paging.js';
import {
  ORDER_STATUSES,
  type Order,
  type OrderStatus,
  paymentInProgress,
  refundableCents,
  STATUS_TIMESTAMP,
  TRANSITIONS,
} from './order.js';
import type {
  OrderFilter,
  OrderRepository,
  OrderSummary,
  PaymentClaim,
  PaymentClaimRequest,
  RefundOutcome,
  RefundRequest,
  TransitionOutcome,
  TransitionRequest,
} from './order.repository.js';
import type { OrderPage, OrderPageRequest } from './order-page.js';

/** Every method reads and writes with no `await` in between: each is one atomic step. */
export class MemoryOrderRepository extends UndoableStore implements OrderRepository {
  private readonly byId = new Map<string, Order>();
  /** Each user's order ids as inserted: an order's position is its 1-based rank here. */
  private readonly idsByUser = new Map<string, string[]>();

  /** `chargeAttemptsOf` counts an order's recorded charges: the ledger is another store. */
  constructor(private readonly chargeAttemptsOf: (orderId: string) => number = () => 0) {
    super();
  }

  async insert(order: Order): Promise<void> {
    this.byId.set(order.id, structuredClone(order));
    const ids = this.idsByUser.get(order.userId) ?? [];
    ids.push(order.id);
    this.idsByUser.set(order.userId, ids);
    this.undo.record(() => {
      this.byId.delete(order.id);
      const at = ids.lastIndexOf(order.id);
      if (at >= 0) ids.splice(at, 1);
    });
  }

  async findById(id: string): Promise<Order | null> {
    const order = this.byId.get(id);
    return order ? structuredClone(order) : null;
  }

  async list({ status, userId }: OrderFilter): Promise<Order[]> {
    const found: Order[] = [];
    for (const order of this.byId.values()) {
      if (status !== undefined && order.status !== status) continue;
      if (userId !== undefined && order.userId !== userId) continue;
      found.push(structuredClone(order));
    }
    return found;
  }

  async page({ status, userId }: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    return pageOf(
      this.byId.values(),
      (order) =>
        (status === undefined || order.status === status) &&
        (userId === undefined || order.userId === userId),
      page,
    );
  }

  /** Copies only the page's orders: the user's ids are kept apart, so no scan of the store. */
  async pageOfUser(userId: string, { limit, after = 0 }: OrderPageRequest): Promise<OrderPage<Order>> {
    const ids = this.idsByUser.get(userId) ?? [];
    const items: Order[] = [];
    for (const id of ids.slice(after, after + limit)) {
      const order = this.byId.get(id);
      if (order) items.push(structuredClone(order));
    }
    const end = after + items.length;
    return { items, next: items.length === limit && end < ids.length ? end : null };
  }

  async listUnpaidBefore(createdBefore: number, limit: number): Promise<Order[]> {
    const unpaid: readonly Order['status'][] = TRANSITIONS.expire.from;
    const found: Order[] = [];
    for (const order of this.byId.values())
      if (unpaid.includes(order.status) && order.createdAt < createdBefore) found.push(order);
    // Map order is insertion order, and the sort is stable: oldest first, ties as inserted.
    return found
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, limit)
      .map((order) => structuredClone(order));
  }

  async transition(id: string, request: TransitionRequest): Promise<TransitionOutcome> {
    const order = this.byId.get(id);
    if (!order || !request.from.includes(order.status))
      return { ok: false, current: order ? structuredClone(order) : null };
    if (request.requireNoPaymentInProgress && paymentInProgress(order, request.at))
      return { ok: false, current: structuredClone(order) };
    this.recordOrder(order);
    const previous = order.status;
    const { delivery, paymentId, invoiceId } = request.changes ?? {};
    if (delivery !== undefined) order.delivery = structuredClone(delivery);
    if (invoiceId !== undefined) order.invoiceId = invoiceId;
    if (paymentId !== undefined) {
      order.paymentId = paymentId;
      order.paymentClaimedUntil = null;
    }
    order.status = request.to;
    order[STATUS_TIMESTAMP[request.to]] = request.at;
    order.history.push({ status: request.to, at: request.at, actor: request.actor });
    return { ok: true, order: structuredClone(order), previous };
  }

  async claimPayment(
    id: string,
    { ownerId, payableFrom, createdSince, now, leaseUntil }: PaymentClaimRequest,
  ): Promise<PaymentClaim | null> {
    const order = this.byId.get(id);
    if (!order || order.userId !== ownerId || order.createdAt < createdSince) return null;
    if (!payableFrom.includes(order.status) || paymentInProgress(order, now)) return null;
    this.recordOrder(order);
    order.paymentClaimedUntil = leaseUntil;
    return { order: structuredClone(order), chargeAttempts: this.chargeAttemptsOf(order.id) };
  }

  async releasePaymentClaim(id: string, leaseUntil: number): Promise<void> {
    const order = this.byId.get(id);
    if (order?.paymentClaimedUntil !== leaseUntil) return;
    this.recordOrder(order);
    order.paymentClaimedUntil = null;
  }

  async recordRefund(id: string, request: RefundRequest): Promise<RefundOutcome> {
    const order = this.byId.get(id);
    if (!order) return { ok: false, reason: 'NOT_FOUND' };
    if (!request.allowedFrom.includes(order.status)) return { ok: false, reason: 'BAD_STATUS' };
    if (order.paymentId === null) return { ok: false, reason: 'NO_PAYMENT' };
    const remaining = refundableCents(order);
    const amountCents = request.amountCents ?? remaining;
    if (!Number.isInteger(amountCents) || amountCents < 1 || amountCents > remaining) {
      return { ok: false, reason: 'BAD_AMOUNT' };
    }
    this.recordOrder(order);
    const previous = order.status;
    order.refundedCents += amountCents;
    if (order.refundedCents === order.totalCents) {
      order.status = request.fullyRefundedStatus;
      order[STATUS_TIMESTAMP[request.fullyRefundedStatus]] = request.at;
      order.history.push({ status: request.fullyRefundedStatus, at: request.at, actor: request.actor });
    }
    return { ok: true, order: structuredClone(order), previous, amountCents };
  }

  async summarize(): Promise<OrderSummary> {
    const byStatus = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<
      OrderStatus,
      number
    >;
    let revenueCents = 0;
    for (const order of this.byId.values()) {
      byStatus[order.status] += 1;
      if (order.paymentId !== null) revenueCents += order.totalCents - order.refundedCents;
    }
    return { total: this.byId.size, byStatus, revenueCents };
  }

  private recordOrder(order: Order): void {
    const before = structuredClone(order);
    this.undo.record(() => this.byId.set(before.id, before));
  }
}
