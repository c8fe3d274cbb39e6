import type { CartLine } from './cart.js';

export interface CartRepository {
  /** Lines in the order they were first added. */
  get(userId: string): Promise<CartLine[]>;
  /**
   * Adds `quantity` to the line unless the line would then exceed `limit` (the stock);
   * the check and the write are one step. Returns the cart's lines after the add (as `get`
   * would), or null when refused.
   */
  addWithinLimit(
    userId: string,
    productId: string,
    quantity: number,
    limit: number,
  ): Promise<CartLine[] | null>;
  /** Sets the line to exactly `quantity`; 0 removes it. */
  setQuantity(userId: string, productId: string, quantity: number): Promise<void>;
  /** Lowers the line by `quantity` (0 removes it), removing it when it reaches 0. */
  decrease(userId: string, productId: string, quantity: number): Promise<void>;
  clear(userId: string): Promise<void>;
  /** Empties the cart and returns what it held, in one step: two checkouts cannot both take it. */
  take(userId: string): Promise<CartLine[]>;
}
