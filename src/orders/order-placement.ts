import type { CartLine } from '../cart/cart.js';
import type { ReservedVariant, ReserveOutcome } from '../catalog/product.repository.js';
import { mailOf } from '../mail/new-mail.js';
import type { ResultSeal } from '../platform/idempotency/idempotency.repository.js';
import { newOrder, type Order, type OrderItem } from './order.js';
import { mailCustomer, orderRef } from './order-mails.js';
import type { PurchaseUnit } from './purchase-unit.js';

/** What a checkout knows before the store has looked at the cart. */
export interface OrderDraft {
  id: string;
  userId: string;
  shippingAddress: string | null;
  at: number;
  /** The id of the confirmation mail written with the order (issue 26). */
  mailId: string;
}

export type PlacementOutcome =
  | { ok: true; order: Order }
  | { ok: false; reason: 'CART_EMPTY' }
  | Extract<ReserveOutcome, { ok: false }>;

/**
 * Checkout's write, in one step with the same meaning in every store: its own port, not
 * three calls in a unit, because it is the write of every purchase and PostgreSQL does it
 * in one statement instead of five round trips.
 */
export interface OrderPlacement {
  /**
   * Takes the user's cart, reserves every line and stores the new order (`newOrder`, its
   * items the cart's lines in cart order at the variants' products' names, prices and
   * images as reserved), all or nothing: on a refusal the cart and the stock are as they were.
   * With `seal`, the keyed request's answer for the new order is written in the same step.
   */
  place(draft: OrderDraft, seal?: ResultSeal<Order>): Promise<PlacementOutcome>;
}

/** Cart lines are one per variant, reserved in the cart's order. */
function orderItems(lines: readonly CartLine[], reserved: readonly ReservedVariant[]): OrderItem[] {
  return reserved.map(({ product, variant, unitPriceCents }, i) => ({
    productId: product.id,
    variantId: variant.id,
    sku: variant.sku,
    options: variant.options,
    name: product.name,
    unitPriceCents,
    quantity: lines[i]?.quantity ?? 0,
    imageUrl: product.imageUrl,
  }));
}

/** Carries a refusal out of the unit, which undoes the cart's take as it unwinds. */
class Refused extends Error {
  constructor(readonly outcome: Exclude<PlacementOutcome, { ok: true }>) {
    super(outcome.reason);
  }
}

/** The placement as repository calls in one unit of work: the memory stores' way, and PostgreSQL's fallback. */
export function placementInUnits(
  tx: PurchaseUnit<'carts' | 'products' | 'orders' | 'users' | 'outbox' | 'idempotency'>,
): OrderPlacement {
  return {
    place: (draft, seal) =>
      tx
        .run(async ({ carts, products, orders, users, outbox, idempotency }): Promise<PlacementOutcome> => {
          const lines = await carts.take(draft.userId);
          if (lines.length === 0) return { ok: false, reason: 'CART_EMPTY' };
          const reserved = await products.reserve(lines);
          if (!reserved.ok) throw new Refused(reserved);
          const order = newOrder({ ...draft, items: orderItems(lines, reserved.reserved) });
          await orders.insert(order);
          await mailCustomer({ users, outbox }, order, (customer) =>
            mailOf(draft.mailId, draft.at, 'order_confirmed', customer.email, {
              ...orderRef(order, customer),
              items: order.items,
              totalCents: order.totalCents,
              shippingAddress: order.shippingAddress,
            }),
          );
          await seal?.(order, idempotency);
          return { ok: true, order };
        })
        .catch((err: unknown) => {
          if (err instanceof Refused) return err.outcome;
          throw err;
        }),
  };
}
