import type { Order, OrderItem } from '../domain/order.js';
import { newOrder, orderLines, TRANSITIONS } from '../domain/order.js';
import type { CartRepository } from '../repositories/cart.repository.js';
import type { OrderFilter, OrderRepository } from '../repositories/order.repository.js';
import type { ProductRepository, ReserveOutcome } from '../repositories/product.repository.js';
import type { UnitOfWork } from '../repositories/repositories.js';
import type { UserRepository } from '../repositories/user.repository.js';
import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Actor } from './auth.service.js';
import { historyActorOf, loadAccessibleOrder } from './order-access.js';

interface OrderDeps {
  orders: OrderRepository;
  users: UserRepository;
  ids: IdGenerator;
  clock: Clock;
  /** Checkout and cancel write several stores: one unit, so a crash never leaves stock moved without its order. */
  tx: UnitOfWork;
}

/** Checkout, reading, cancellation, and the admin's moves that involve no money. */
export class OrderService {
  constructor(private readonly deps: OrderDeps) {}

  /**
   * All or nothing: the cart is taken in one step (two checkouts cannot both use it),
   * every line is reserved in one step, and on any failure the cart is put back and
   * no stock has moved.
   */
  checkout(actor: Actor, shippingAddress: string | null): Promise<Order> {
    return this.deps.tx.run(({ carts, products, orders }) =>
      this.placeOrder(carts, products, orders, actor, shippingAddress),
    );
  }

  private async placeOrder(
    carts: CartRepository,
    products: ProductRepository,
    orders: OrderRepository,
    actor: Actor,
    shippingAddress: string | null,
  ): Promise<Order> {
    const { ids, clock } = this.deps;
    const lines = await carts.take(actor.userId);
    if (lines.length === 0) throw Errors.cartEmpty();
    const reserved = await products.reserve(lines);
    if (!reserved.ok) {
      await carts.restore(actor.userId, lines);
      throw reserveError(reserved);
    }
    // Cart lines are one per product, so each reserved product has exactly one quantity.
    const quantityOf = new Map(lines.map((line) => [line.productId, line.quantity]));
    const items: OrderItem[] = reserved.products.map((product) => ({
      productId: product.id,
      name: product.name,
      unitPriceCents: product.priceCents,
      quantity: quantityOf.get(product.id) ?? 0,
      imageUrl: product.imageUrl,
    }));
    const order = newOrder({ id: ids.uuid(), userId: actor.userId, items, shippingAddress, at: clock.now() });
    await orders.insert(order);
    return order;
  }

  listMine(actor: Actor): Promise<Order[]> {
    return this.deps.orders.list({ userId: actor.userId });
  }

  get(actor: Actor, orderId: string): Promise<Order> {
    return loadAccessibleOrder(this.deps.orders, actor, orderId);
  }

  /** Stock goes back exactly once: only the request whose status move succeeded releases it. */
  async cancel(actor: Actor, orderId: string): Promise<Order> {
    const order = await loadAccessibleOrder(this.deps.orders, actor, orderId);
    return this.deps.tx.run(async ({ orders, products }) => {
      const moved = await orders.transition(orderId, {
        from: TRANSITIONS.cancel.from,
        to: TRANSITIONS.cancel.to,
        at: this.deps.clock.now(),
        actor: historyActorOf(actor, order),
        requireNoPaymentInProgress: true,
      });
      if (!moved.ok) {
        const current = moved.current ?? order;
        if (current.status === 'EXPEDIEE' || current.status === 'LIVREE') throw Errors.cancelTooLate();
        if (current.status === 'ANNULEE' || current.status === 'REMBOURSEE') throw Errors.alreadyCancelled();
        throw Errors.paymentInProgress();
      }
      await products.release(orderLines(moved.order));
      return moved.order;
    });
  }

  listAll(filter: OrderFilter): Promise<Order[]> {
    return this.deps.orders.list(filter);
  }

  async validate(orderId: string): Promise<Order> {
    const moved = await this.deps.orders.transition(orderId, {
      ...TRANSITIONS.validate,
      at: this.deps.clock.now(),
    });
    if (!moved.ok) throw Errors.validateRefused();
    return moved.order;
  }

  /** The parcel goes to the order's shipping address, else to the customer's profile address. */
  async ship(orderId: string, carrier: string): Promise<Order> {
    const { orders, users, ids, clock } = this.deps;
    const order = await orders.findById(orderId);
    if (!order) throw Errors.orderNotFound();
    const customer = await users.findById(order.userId);
    const moved = await orders.transition(orderId, {
      ...TRANSITIONS.ship,
      at: clock.now(),
      changes: {
        delivery: {
          id: ids.uuid(),
          carrier,
          trackingNumber: `TRK-${ids.hex(5).toUpperCase()}`,
          address: order.shippingAddress ?? customer?.address ?? '',
          status: 'EN_COURS',
        },
      },
    });
    if (!moved.ok) throw Errors.shipRefused();
    return moved.order;
  }

  async deliver(orderId: string): Promise<Order> {
    const { orders, clock } = this.deps;
    const order = await orders.findById(orderId);
    if (!order) throw Errors.orderNotFound();
    const moved = await orders.transition(orderId, {
      ...TRANSITIONS.deliver,
      at: clock.now(),
      changes: order.delivery ? { delivery: { ...order.delivery, status: 'LIVREE' } } : {},
    });
    if (!moved.ok) throw Errors.deliverRefused();
    return moved.order;
  }
}

function reserveError(failure: Extract<ReserveOutcome, { ok: false }>) {
  if (failure.reason === 'INSUFFICIENT_STOCK')
    return Errors.checkoutStockInsufficient(failure.productName ?? '');
  return Errors.checkoutProductUnavailable();
}
