import type { UserRepository } from '../auth/user.repository.js';
import { variantLabel } from '../catalog/product.js';
import type { MailFactory } from '../mail/new-mail.js';
import type { ResultSeal } from '../platform/idempotency/idempotency.repository.js';
import type { Actor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { Order } from './order.js';
import { orderLines, refusalOf, TRANSITIONS } from './order.js';
import type { OrderFilter, OrderReader, TransitionRequest } from './order.repository.js';
import { historyActorOf, loadAccessibleOrder } from './order-access.js';
import type { OrderCreditNote, OrderCreditNotes } from './order-credit-notes.js';
import { mailCustomer, orderRef } from './order-mails.js';
import { decodeOrderCursor, encodeOrderCursor } from './order-page.js';
import type { OrderPlacement } from './order-placement.js';
import type { PurchaseUnit } from './purchase-unit.js';
import type { UnpaidExpiry } from './unpaid-expiry.js';

interface OrderDeps {
  orders: OrderReader;
  users: UserRepository;
  ids: IdGenerator;
  clock: Clock;
  /** Checkout's write: cart, stock and order together or not at all. */
  placement: OrderPlacement;
  /** Every other write: one unit, so a crash or a refusal never leaves stock moved without its order. */
  tx: PurchaseUnit<'products' | 'orders' | 'users' | 'outbox'>;
  /** Shipping and delivery write their mail in the unit of the move (issue 26). */
  mails: MailFactory;
  /** An order met past its unpaid time is expired before anyone sees it. */
  expiry: UnpaidExpiry;
  /** REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT (issue 26). */
  requireVerifiedEmail?: boolean;
  /** The credit notes the order's refunds issued (src/legal), shown on the order. */
  creditNotes: OrderCreditNotes;
}

/** Checkout, reading, cancellation, and the admin's moves that involve no money. */
export class OrderService {
  constructor(private readonly deps: OrderDeps) {}

  /**
   * All or nothing: the cart is taken in one step (two checkouts cannot both use it) and
   * every line is reserved in one step; on a refusal the cart and the stock are as they were.
   * `seal` writes a keyed request's answer in that same step.
   */
  async checkout(actor: Actor, shippingAddress: string | null, seal?: ResultSeal<Order>): Promise<Order> {
    const { ids, clock } = this.deps;
    if (this.deps.requireVerifiedEmail && !(await this.deps.users.findById(actor.userId))?.emailVerified)
      throw Errors.emailNotVerified();
    const placed = await this.deps.placement.place(
      { id: ids.uuid(), userId: actor.userId, shippingAddress, at: clock.now(), mailId: ids.uuid() },
      seal,
    );
    if (placed.ok) return placed.order;
    if (placed.reason === 'CART_EMPTY') throw Errors.cartEmpty();
    const name =
      placed.productName === null
        ? 'article retiré du catalogue'
        : variantLabel(placed.productName, placed.options);
    if (placed.reason === 'INSUFFICIENT_STOCK') throw Errors.checkoutStockInsufficient({ name });
    throw Errors.checkoutProductUnavailable({ name });
  }

  /** One page of the actor's orders, oldest first; `cursor` is a previous page's `nextCursor`. */
  async listMine(
    actor: Actor,
    { limit, cursor }: { limit: number; cursor?: string },
  ): Promise<{ orders: Order[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeOrderCursor(cursor);
    if (after === null) throw Errors.cursorInvalid();
    const page = await this.deps.orders.pageOfUser(actor.userId, {
      limit,
      ...(after !== undefined && { after }),
    });
    const now = this.deps.clock.now();
    return {
      orders: await Promise.all(page.items.map((order) => this.deps.expiry.settle(order, now))),
      nextCursor: page.next === null ? null : encodeOrderCursor(page.next),
    };
  }

  async get(actor: Actor, orderId: string): Promise<Order> {
    const order = await loadAccessibleOrder(this.deps.orders, actor, orderId);
    return this.deps.expiry.settle(order, this.deps.clock.now());
  }

  /** One order with the credit notes its refunds issued. */
  async getWithCreditNotes(
    actor: Actor,
    orderId: string,
  ): Promise<{ order: Order; creditNotes: OrderCreditNote[] }> {
    const order = await this.get(actor, orderId);
    return { order, creditNotes: await this.deps.creditNotes.listByOrderId(order.id) };
  }

  /** Stock goes back exactly once: only the request whose status move succeeded releases it. */
  async cancel(actor: Actor, orderId: string): Promise<Order> {
    const order = await loadAccessibleOrder(this.deps.orders, actor, orderId);
    return this.deps.tx.run(async ({ orders, products }) => {
      const moved = await orders.transition(orderId, {
        ...TRANSITIONS.cancel,
        at: this.deps.clock.now(),
        actor: historyActorOf(actor, order),
        requireNoPaymentInProgress: true,
      });
      if (!moved.ok) throw Errors[refusalOf('cancel', (moved.current ?? order).status)]();
      await products.release(orderLines(moved.order));
      return moved.order;
    });
  }

  /**
   * Expires, as the system, at most `limit` orders still unpaid past their time, each in its
   * own unit (`UnpaidExpiry.expire`): an order paid, cancelled, being paid or already expired
   * by a payer, a reader or another instance meanwhile is skipped, so each order expires,
   * and its stock comes back, exactly once. Returns how many orders this pass expired.
   */
  async expireUnpaid(now: number, limit: number): Promise<number> {
    const { orders, expiry } = this.deps;
    const candidates = await orders.listUnpaidBefore(expiry.createdBefore(now), limit);
    let expired = 0;
    for (const candidate of candidates) {
      if ((await expiry.expire(candidate.id, now)).moved) expired += 1;
    }
    return expired;
  }

  /** Everyone's orders, oldest first, a page at a time (admin). */
  listAll(filter: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    return this.deps.orders.page(filter, page);
  }

  validate(orderId: string): Promise<Order> {
    return this.move('validate', orderId, {});
  }

  /** The parcel goes to the order's shipping address, else to the customer's profile address. */
  async ship(orderId: string, carrier: string): Promise<Order> {
    const { orders, users, ids } = this.deps;
    const order = await orders.findById(orderId);
    if (!order) throw Errors.orderNotFound();
    const customer = await users.findById(order.userId);
    return this.move('ship', orderId, {
      delivery: {
        id: ids.uuid(),
        carrier,
        trackingNumber: `TRK-${ids.hex(5).toUpperCase()}`,
        address: order.shippingAddress ?? customer?.address ?? '',
        status: 'EN_COURS',
      },
    });
  }

  async deliver(orderId: string): Promise<Order> {
    const order = await this.deps.orders.findById(orderId);
    if (!order) throw Errors.orderNotFound();
    return this.move(
      'deliver',
      orderId,
      order.delivery ? { delivery: { ...order.delivery, status: 'LIVREE' } } : {},
    );
  }

  /** One admin move of §4 with the fields it writes; refused as the table says. */
  private move(
    action: 'validate' | 'ship' | 'deliver',
    orderId: string,
    changes: TransitionRequest['changes'],
  ) {
    return this.deps.tx.run(async ({ orders, users, outbox }) => {
      const moved = await orders.transition(orderId, {
        ...TRANSITIONS[action],
        at: this.deps.clock.now(),
        changes,
      });
      if (!moved.ok) throw Errors[refusalOf(action, moved.current?.status)]();
      const { order } = moved;
      const { mails } = this.deps;
      if (action === 'ship' && order.delivery)
        await mailCustomer({ users, outbox }, order, (customer) =>
          mails.of('order_shipped', customer.email, {
            ...orderRef(order, customer),
            carrier: order.delivery?.carrier ?? '',
            trackingNumber: order.delivery?.trackingNumber ?? '',
          }),
        );
      if (action === 'deliver')
        await mailCustomer({ users, outbox }, order, (customer) =>
          mails.of('order_delivered', customer.email, orderRef(order, customer)),
        );
      return order;
    });
  }
}
