import { type Queryable, type Transactor, toDate } from '../database/db.js';
import type { KeyAnswers, ResultSeal } from '../platform/idempotency/idempotency.repository.js';
import { newOrder, type Order, type OrderItem } from './order.js';
import type { OrderDraft, OrderPlacement, PlacementOutcome } from './order-placement.js';

/**
 * A checkout is one statement, so one round trip and an implicit transaction: the cart's
 * rows and then its variants are locked (in id order, as `reserve` does, so checkouts cannot
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
         SELECT variant_id, quantity, seq FROM cart_items WHERE user_id = $2 FOR UPDATE
       ),
       locked AS (
         SELECT v.id, v.product_id, v.sku, v.options, v.price_cents, v.active, v.stock_qty
         FROM product_variants v JOIN cart c ON c.variant_id = v.id ORDER BY v.id FOR UPDATE OF v
       ),
       verdict AS (
         SELECT count(*) > 0 AND count(*) = (SELECT count(*) FROM cart)
           AND coalesce(bool_and(l.active AND p.active AND l.stock_qty >= c.quantity), false) AS fits
         FROM locked l JOIN cart c ON c.variant_id = l.id JOIN products p ON p.id = l.product_id
       ),
       taken AS (
         DELETE FROM cart_items ci USING verdict v WHERE ci.user_id = $2 AND v.fits
       ),
       reserved AS (
         UPDATE product_variants v SET stock_qty = l.stock_qty - c.quantity
         FROM cart c JOIN locked l ON l.id = c.variant_id JOIN products p ON p.id = l.product_id, verdict
         WHERE v.id = c.variant_id AND verdict.fits
         RETURNING p.id, l.id AS variant_id, l.sku, l.options, p.name, coalesce(l.price_cents, p.price_cents) AS price_cents,
           p.image_url, c.quantity AS ordered, c.seq AS cart_seq
       ),
       placed AS (
         INSERT INTO orders (id, user_id, items, status, total_cents, shipping_address, created_at, history)
         SELECT $1, $2,
           jsonb_agg(jsonb_build_object('productId', r.id, 'variantId', r.variant_id, 'sku', r.sku,
             'options', r.options, 'name', r.name, 'unitPriceCents', r.price_cents,
             'quantity', r.ordered, 'imageUrl', r.image_url) ORDER BY r.cart_seq),
           $3, sum(r.price_cents * r.ordered), $4, $5, $6::jsonb
         FROM reserved r HAVING count(*) > 0
         RETURNING items, total_cents
       ),
       mailed AS (
         INSERT INTO outbox (id, template, recipient, data, next_attempt_at, created_at)
         SELECT $7, 'order_confirmed', u.email, jsonb_build_object('firstName', u.first_name, 'orderId', $1::text,
             'items', p.items, 'totalCents', p.total_cents, 'shippingAddress', $4::text), $5, $5
         FROM placed p JOIN users u ON u.id = $2
       )
       SELECT items AS order_items, total_cents AS order_total FROM placed`,
      [
        fresh.id,
        fresh.userId,
        fresh.status,
        fresh.shippingAddress,
        toDate(fresh.createdAt),
        JSON.stringify(fresh.history),
        draft.mailId,
      ],
    );
    const [first] = rows;
    return first ? { ...fresh, items: first.order_items, totalCents: first.order_total } : null;
  }
}
