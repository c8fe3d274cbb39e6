import { type Queryable, type Transactor, toDate } from '../database/db.js';
import type { KeyAnswers, ResultSeal } from '../platform/idempotency/idempotency.repository.js';
import { newOrder, type Order, type OrderItem } from './order.js';
import type { OrderDraft, OrderPlacement, PlacementOutcome } from './order-placement.js';

/**
 * A checkout is one statement, so one round trip and an implicit transaction: the cart's
 * rows and then its products are locked (in id order, as `reserve` does, so checkouts cannot
 * deadlock), checked together, and only if every line fits are the cart emptied, the stock
 * decremented and the order inserted with its items as reserved. Anything else writes
 * nothing and goes to `fallback`, the same steps in a unit of work, which says why.
 * A keyed checkout (`seal`) runs that statement and its answer's in one transaction instead.
 */
export class PgOrderPlacement implements OrderPlacement {
  constructor(
    private readonly db: Queryable,
    private readonly fallback: OrderPlacement,
    /** A transaction of its own, and the key store on its connection, for a sealed checkout. */
    private readonly transaction: Transactor,
    private readonly keysOn: (tx: Queryable) => KeyAnswers,
  ) {}

  async place(draft: OrderDraft, seal?: ResultSeal<Order>): Promise<PlacementOutcome> {
    const placed = seal
      ? await this.transaction(async (tx) => {
          const order = await this.placeOn(tx, draft);
          if (order) await seal(order, this.keysOn(tx));
          return order;
        })
      : await this.placeOn(this.db, draft);
    if (!placed) return this.fallback.place(draft, seal);
    return { ok: true, order: placed };
  }

  /** The one statement; null when it wrote nothing. */
  private async placeOn(db: Queryable, draft: OrderDraft): Promise<Order | null> {
    const fresh = newOrder({ ...draft, items: [] });
    const { rows } = await db.query<{ order_items: OrderItem[]; order_total: number }>(
      `WITH cart AS (
         SELECT product_id, quantity, seq FROM cart_items WHERE user_id = $2 FOR UPDATE
       ),
       locked AS (
         SELECT p.id, p.active, p.stock_qty FROM products p JOIN cart c ON c.product_id = p.id ORDER BY p.id FOR UPDATE OF p
       ),
       verdict AS (
         SELECT count(*) > 0 AND count(*) = (SELECT count(*) FROM cart)
           AND coalesce(bool_and(l.active AND l.stock_qty >= c.quantity), false) AS fits
         FROM locked l JOIN cart c ON c.product_id = l.id
       ),
       taken AS (
         DELETE FROM cart_items ci USING verdict v WHERE ci.user_id = $2 AND v.fits
       ),
       reserved AS (
         UPDATE products p SET stock_qty = l.stock_qty - c.quantity
         FROM cart c JOIN locked l ON l.id = c.product_id, verdict v WHERE p.id = c.product_id AND v.fits
         RETURNING p.id, p.name, p.price_cents, p.image_url, c.quantity AS ordered, c.seq AS cart_seq
       ),
       placed AS (
         INSERT INTO orders (id, user_id, items, status, total_cents, shipping_address, created_at, history)
         SELECT $1, $2,
           jsonb_agg(jsonb_build_object('productId', r.id, 'name', r.name, 'unitPriceCents', r.price_cents,
             'quantity', r.ordered, 'imageUrl', r.image_url) ORDER BY r.cart_seq),
           $3, sum(r.price_cents * r.ordered), $4, $5, $6::jsonb
         FROM reserved r HAVING count(*) > 0
         RETURNING items, total_cents
       )
       SELECT items AS order_items, total_cents AS order_total FROM placed`,
      [
        fresh.id,
        fresh.userId,
        fresh.status,
        fresh.shippingAddress,
        toDate(fresh.createdAt),
        JSON.stringify(fresh.history),
      ],
    );
    const [first] = rows;
    return first ? { ...fresh, items: first.order_items, totalCents: first.order_total } : null;
  }
}
