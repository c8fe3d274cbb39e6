import { UndoableStore } from '../database/undo-log.js';
import type { CartLine } from './cart.js';
import type { CartRepository } from './cart.repository.js';

/** One Map of productId → quantity per user; Map order is the order lines were added. */
export class MemoryCartRepository extends UndoableStore implements CartRepository {
  private readonly carts = new Map<string, Map<string, number>>();

  async get(userId: string): Promise<CartLine[]> {
    return toLines(this.carts.get(userId));
  }

  async addWithinLimit(
    userId: string,
    productId: string,
    quantity: number,
    limit: number,
  ): Promise<CartLine[] | null> {
    const cart = this.cartOf(userId);
    const next = (cart.get(productId) ?? 0) + quantity;
    if (next > limit) return null;
    this.recordLine(userId, productId);
    cart.set(productId, next);
    return this.get(userId);
  }

  async setQuantity(userId: string, productId: string, quantity: number): Promise<void> {
    this.recordLine(userId, productId);
    if (quantity <= 0) this.carts.get(userId)?.delete(productId);
    else this.cartOf(userId).set(productId, quantity);
  }

  async decrease(userId: string, productId: string, quantity: number): Promise<void> {
    const cart = this.carts.get(userId);
    const current = cart?.get(productId);
    if (!cart || current === undefined) return;
    this.recordLine(userId, productId);
    const next = quantity === 0 ? 0 : current - quantity;
    if (next <= 0) cart.delete(productId);
    else cart.set(productId, next);
  }

  async clear(userId: string): Promise<void> {
    await this.take(userId);
  }

  async take(userId: string): Promise<CartLine[]> {
    const lines = toLines(this.carts.get(userId));
    this.carts.delete(userId);
    // Put back by merging, in front of anything added since: a rollback never drops a later add.
    this.undo.record(() => {
      const added = this.carts.get(userId) ?? new Map<string, number>();
      const merged = new Map(lines.map(({ productId, quantity }) => [productId, quantity]));
      for (const [productId, quantity] of added)
        merged.set(productId, quantity + (merged.get(productId) ?? 0));
      this.carts.set(userId, merged);
    });
    return lines;
  }

  /** Records how to put one line back as it is now. */
  private recordLine(userId: string, productId: string): void {
    const before = this.carts.get(userId)?.get(productId);
    this.undo.record(() => {
      if (before === undefined) this.carts.get(userId)?.delete(productId);
      else this.cartOf(userId).set(productId, before);
    });
  }

  private cartOf(userId: string): Map<string, number> {
    let cart = this.carts.get(userId);
    if (!cart) {
      cart = new Map();
      this.carts.set(userId, cart);
    }
    return cart;
  }
}

const toLines = (cart: Map<string, number> | undefined): CartLine[] =>
  cart ? Array.from(cart, ([productId, quantity]) => ({ productId, quantity })) : [];
