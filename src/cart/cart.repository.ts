import type { CartItemRef, CartLine } from './cart.js';

/** One line per variant, in the order lines were first added. */
export interface CartRepository {
  get(userId: string): Promise<CartLine[]>;
  /**
   * Adds `quantity` to the variant's line unless the line would then exceed `limit` (the stock);
   * the check and the write are one step. Returns the cart's lines after the add (as `get`
   * would), or null when refused.
   */
  addWithinLimit(
    userId: string,
    item: CartItemRef,
    quantity: number,
    limit: number,
  ): Promise<CartLine[] | null>;
  /** Sets the line to exactly `quantity`; 0 removes it. */
  setQuantity(userId: string, item: CartItemRef, quantity: number): Promise<void>;
  /** Lowers the variant's line by `quantity` (0 removes it), removing it when it reaches 0. */
  decrease(userId: string, variantId: string, quantity: number): Promise<void>;
  clear(userId: string): Promise<void>;
  /** Empties the cart and returns what it held, in one step: two checkouts cannot both take it. */
  take(userId: string): Promise<CartLine[]>;
}
