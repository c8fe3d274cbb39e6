import type { Queryable } from '../database/db.js';
import type { CartLine } from './cart.js';
import type { CartRepository } from './cart.repository.js';

export class PgCartRepository implements CartRepository {
  constructor(private readonly db: Queryable) {}

  async get(userId: string): Promise<CartLine[]> {
    const { rows } = await this.db.query<{ product_id: string; quantity: number }>(
      'SELECT product_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY seq',
      [userId],
    );
    return rows.map((row) => ({ productId: row.product_id, quantity: row.quantity }));
  }

  /**
   * One statement: the insert-or-add only happens while the new total stays within the
   * limit, and the same statement returns the cart's other lines, so an add is one round trip.
   */
  async addWithinLimit(
    userId: string,
    productId: string,
    quantity: number,
    limit: number,
  ): Promise<CartLine[] | null> {
    if (quantity > limit) return null;
    const { rows } = await this.db.query<{ product_id: string; quantity: number }>(
      `WITH added AS (
         INSERT INTO cart_items (user_id, product_id, quantity) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity
         WHERE cart_items.quantity + EXCLUDED.quantity <= $4
         RETURNING product_id, quantity, seq
       )
       SELECT product_id, quantity, seq FROM added
       UNION ALL
       SELECT product_id, quantity, seq FROM cart_items
       WHERE user_id = $1 AND product_id <> $2 AND EXISTS (SELECT 1 FROM added)
       ORDER BY seq`,
      [userId, productId, quantity, limit],
    );
    // No row at all means the add was refused: when it is made, its own line is always returned.
    return rows.length === 0
      ? null
      : rows.map((row) => ({ productId: row.product_id, quantity: row.quantity }));
  }

  async setQuantity(userId: string, productId: string, quantity: number): Promise<void> {
    if (quantity <= 0) {
      await this.db.query('DELETE FROM cart_items WHERE user_id = $1 AND product_id = $2', [
        userId,
        productId,
      ]);
      return;
    }
    await this.db.query(
      `INSERT INTO cart_items (user_id, product_id, quantity) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity`,
      [userId, productId, quantity],
    );
  }

  async decrease(userId: string, productId: string, quantity: number): Promise<void> {
    if (quantity === 0) {
      await this.db.query('DELETE FROM cart_items WHERE user_id = $1 AND product_id = $2', [
        userId,
        productId,
      ]);
      return;
    }
    await this.db.query(
      `WITH lowered AS (
         UPDATE cart_items SET quantity = quantity - $3 WHERE user_id = $1 AND product_id = $2 AND quantity > $3 RETURNING 1
       )
       DELETE FROM cart_items WHERE user_id = $1 AND product_id = $2 AND quantity <= $3 AND NOT EXISTS (SELECT 1 FROM lowered)`,
      [userId, productId, quantity],
    );
  }

  async clear(userId: string): Promise<void> {
    await this.db.query('DELETE FROM cart_items WHERE user_id = $1', [userId]);
  }

  /** DELETE … RETURNING: a second checkout waiting on the same rows finds nothing left to take. */
  async take(userId: string): Promise<CartLine[]> {
    const { rows } = await this.db.query<{ product_id: string; quantity: number; seq: string }>(
      'DELETE FROM cart_items WHERE user_id = $1 RETURNING product_id, quantity, seq',
      [userId],
    );
    return rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((row) => ({ productId: row.product_id, quantity: row.quantity }));
  }
}
