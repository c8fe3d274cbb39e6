import type { Queryable } from '../database/db.js';
import type { CartItemRef, CartLine } from './cart.js';
import type { CartRepository } from './cart.repository.js';

interface LineRow {
  product_id: string;
  variant_id: string;
  quantity: number;
}

const toLine = (row: LineRow): CartLine => ({
  productId: row.product_id,
  variantId: row.variant_id,
  quantity: row.quantity,
});

export class PgCartRepository implements CartRepository {
  constructor(private readonly db: Queryable) {}

  async get(userId: string): Promise<CartLine[]> {
    const { rows } = await this.db.query<LineRow>(
      'SELECT product_id, variant_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY seq',
      [userId],
    );
    return rows.map(toLine);
  }

  /**
   * One statement: the insert-or-add only happens while the new total stays within the
   * limit, and the same statement returns the cart's other lines, so an add is one round trip.
   */
  async addWithinLimit(
    userId: string,
    item: CartItemRef,
    quantity: number,
    limit: number,
  ): Promise<CartLine[] | null> {
    if (quantity > limit) return null;
    const { rows } = await this.db.query<LineRow>(
      `WITH added AS (
         INSERT INTO cart_items (user_id, product_id, variant_id, quantity) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, variant_id) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity
         WHERE cart_items.quantity + EXCLUDED.quantity <= $5
         RETURNING product_id, variant_id, quantity, seq
       )
       SELECT product_id, variant_id, quantity, seq FROM added
       UNION ALL
       SELECT product_id, variant_id, quantity, seq FROM cart_items
       WHERE user_id = $1 AND variant_id <> $3 AND EXISTS (SELECT 1 FROM added)
       ORDER BY seq`,
      [userId, item.productId, item.variantId, quantity, limit],
    );
    // No row at all means the add was refused: when it is made, its own line is always returned.
    return rows.length === 0 ? null : rows.map(toLine);
  }

  async setQuantity(userId: string, item: CartItemRef, quantity: number): Promise<void> {
    if (quantity <= 0) {
      await this.db.query('DELETE FROM cart_items WHERE user_id = $1 AND variant_id = $2', [
        userId,
        item.variantId,
      ]);
      return;
    }
    await this.db.query(
      `INSERT INTO cart_items (user_id, product_id, variant_id, quantity) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity`,
      [userId, item.productId, item.variantId, quantity],
    );
  }

  async decrease(userId: string, variantId: string, quantity: number): Promise<void> {
    if (quantity === 0) {
      await this.db.query('DELETE FROM cart_items WHERE user_id = $1 AND variant_id = $2', [
        userId,
        variantId,
      ]);
      return;
    }
    await this.db.query(
      `WITH lowered AS (
         UPDATE cart_items SET quantity = quantity - $3 WHERE user_id = $1 AND variant_id = $2 AND quantity > $3 RETURNING 1
       )
       DELETE FROM cart_items WHERE user_id = $1 AND variant_id = $2 AND quantity <= $3 AND NOT EXISTS (SELECT 1 FROM lowered)`,
      [userId, variantId, quantity],
    );
  }

  async clear(userId: string): Promise<void> {
    await this.db.query('DELETE FROM cart_items WHERE user_id = $1', [userId]);
  }

  /** DELETE … RETURNING: a second checkout waiting on the same rows finds nothing left to take. */
  async take(userId: string): Promise<CartLine[]> {
    const { rows } = await this.db.query<LineRow & { seq: string }>(
      'DELETE FROM cart_items WHERE user_id = $1 RETURNING product_id, variant_id, quantity, seq',
      [userId],
    );
    return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(toLine);
  }
}
