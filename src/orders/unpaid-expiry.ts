import type { MailFactory } from '../mail/new-mail.js';
import type { Order, OrderStatus } from './order.js';
import { orderLines, TRANSITIONS } from './order.js';
import { mailCustomer, orderRef } from './order-mails.js';
import type { PurchaseUnit } from './purchase-unit.js';

interface UnpaidExpiryDeps {
  /** The move and the stock it gives back: together or not at all. */
  tx: PurchaseUnit<'orders' | 'products' | 'users' | 'outbox'>;
  /** The customer is told, in the same unit, that the order was cancelled (issue 26). */
  mails: MailFactory;
  /**
   * How long an order may stay unpaid (CREE or VALIDEE) after checkout before the system
   * cancels it and puts its stock back, so nobody can hoard the stock (UNPAID_ORDER_TTL_SECONDS).
   */
  ttlMs: number;
}

const UNPAID: readonly OrderStatus[] = TRANSITIONS.expire.from;

/**
 * An unpaid order is expired from the instant its time is up, whoever meets it first: a
 * payer (the claim refuses it), a reader, or the sweep. All of them cancel it through
 * `expire`, the one place that moves it and gives its stock back.
 */
export class UnpaidExpiry {
  constructor(private readonly deps: UnpaidExpiryDeps) {}

  /** Orders created strictly before this instant (epoch ms) are past their time at `now`. */
  createdBefore(now: number): number {
    return now - this.deps.ttlMs;
  }

  isOverdue(order: Pick<Order, 'status' | 'createdAt'>, now: number): boolean {
    return UNPAID.includes(order.status) && order.createdAt < this.createdBefore(now);
  }

  /**
   * Cancels the order as the system, in one unit: the compare-and-set move (CREE/VALIDEE →
   * ANNULEE, refused while a payment claim is live) decides who wins, and only the winner
   * releases the stock. Returns whether this call moved it, and the order as it now stands.
   */
  async expire(orderId: string, now: number): Promise<{ moved: boolean; order: Order | null }> {
    return this.deps.tx.run(async ({ orders, products, users, outbox }) => {
      const outcome = await orders.transition(orderId, {
        ...TRANSITIONS.expire,
        at: now,
        requireNoPaymentInProgress: true,
      });
      if (!outcome.ok) return { moved: false, order: outcome.current };
      await products.release(orderLines(outcome.order));
      await mailCustomer({ users, outbox }, outcome.order, (customer) =>
        this.deps.mails.of('order_cancelled', customer.email, orderRef(outcome.order, customer)),
      );
      return { moved: true, order: outcome.order };
    });
  }

  /** The order as anyone should see it at `now`: past its time (and not being paid), expired first. */
  async settle(order: Order, now: number): Promise<Order> {
    if (!this.isOverdue(order, now)) return order;
    return (await this.expire(order.id, now)).order ?? order;
  }
}
