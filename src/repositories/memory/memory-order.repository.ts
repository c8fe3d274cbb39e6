import { type Order, refundableCents, STATUS_TIMESTAMP } from '../../domain/order.js';
import type {
  OrderFilter,
  OrderRepository,
  RefundOutcome,
  RefundRequest,
  TransitionOutcome,
  TransitionRequest,
} from '../order.repository.js';

/** Every method reads and writes with no `await` in between: each is one atomic step. */
export class MemoryOrderRepository implements OrderRepository {
  private readonly byId = new Map<string, Order>();

  async insert(order: Order): Promise<void> {
    this.byId.set(order.id, structuredClone(order));
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

  async transition(id: string, request: TransitionRequest): Promise<TransitionOutcome> {
    const order = this.byId.get(id);
    if (!order || !request.from.includes(order.status))
      return { ok: false, current: order ? structuredClone(order) : null };
    if (request.requireNoPaymentInProgress && order.paymentInProgress)
      return { ok: false, current: structuredClone(order) };
    const previous = order.status;
    Object.assign(order, request.changes, { status: request.to, [STATUS_TIMESTAMP[request.to]]: request.at });
    order.history.push({ status: request.to, at: request.at, actor: request.actor });
    return { ok: true, order: structuredClone(order), previous };
  }

  async claimPayment(id: string, payableFrom: readonly Order['status'][]): Promise<boolean> {
    const order = this.byId.get(id);
    if (!order || order.paymentInProgress || !payableFrom.includes(order.status)) return false;
    order.paymentInProgress = true;
    return true;
  }

  async releasePaymentClaim(id: string): Promise<void> {
    const order = this.byId.get(id);
    if (order) order.paymentInProgress = false;
  }

  async setInvoiceId(id: string, invoiceId: string): Promise<void> {
    const order = this.byId.get(id);
    if (order) order.invoiceId = invoiceId;
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
    const previous = order.status;
    order.refundedCents += amountCents;
    if (order.refundedCents === order.totalCents) {
      order.status = request.fullyRefundedStatus;
      order[STATUS_TIMESTAMP[request.fullyRefundedStatus]] = request.at;
      order.history.push({ status: request.fullyRefundedStatus, at: request.at, actor: request.actor });
    }
    return { ok: true, order: structuredClone(order), previous, amountCents };
  }
}
