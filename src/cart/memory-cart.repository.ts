import { UndoableStore } from '../database/undo-log.js';
import type { CartItemRef, CartLine } from './cart.js';
import type { CartRepository } from './cart.repository.js';

interface Held {
  productId: string;
  quantity: number;
}

/** One Map of variantId → line per user; Map order is the order lines were added. */
export class MemoryCartRepository extends UndoableStore implements CartRepository {
  private readonly carts = new Map<string, Map<string, Held>>();

  async get(userId: string): Promise<CartLine[]> {
    return toLines(this.carts.get(userId));
  }

  async addWithinLimit(
    userId: string,
    item: CartItemRef,
    quantity: number,
    limit: number,
  ): Promise<CartLine[] | null> {
    const cart = this.cartOf(userId);
    const next = (cart.get(item.variantId)?.quantity ?? 0) + quantity;
    if (next > limit) return null;
    this.recordLine(userId, item.variantId);
    cart.set(item.variantId, { productId: item.productId, quantity: next });
    return this.get(userId);
  }

  async setQuantity(userId: string, item: CartItemRef, quantity: number): Promise<void> {
    this.recordLine(userId, item.variantId);
    if (quantity <= 0) this.carts.get(userId)?.delete(item.variantId);
    else this.cartOf(userId).set(item.variantId, { productId: item.productId, quantity });
  }

  async decrease(userId: string, variantId: string, quantity: number): Promise<void> {
    const cart = this.carts.get(userId);
    const current = cart?.get(variantId);
    if (!cart || current === undefined) return;
    this.recordLine(userId, variantId);
    const next = quantity === 0 ? 0 : current.quantity - quantity;
    if (next <= 0) cart.delete(variantId);
    else cart.set(variantId, { ...current, quantity: next });
  }

  async clear(userId: string): Promise<void> {
    await this.take(userId);
  }

  async take(userId: string): Promise<CartLine[]> {
    const lines = toLines(this.carts.get(userId));
    this.carts.delete(userId);
    // Put back by merging, in front of anything added since: a rollback never drops a later add.
    this.undo.record(() => {
      const added = this.carts.get(userId) ?? new Map<string, Held>();
      const merged = new Map(
        lines.map(({ variantId, productId, quantity }) => [variantId, { productId, quantity }]),
      );
      for (const [variantId, held] of added) {
        merged.set(variantId, { ...held, quantity: held.quantity + (merged.get(variantId)?.quantity ?? 0) });
      }
      this.carts.set(userId, merged);
    });
    return lines;
  }

  /** Records how to put one line back as it is now. */
  private recordLine(userId: string, variantId: string): void {
    const before = this.carts.get(userId)?.get(variantId);
    this.undo.record(() => {
      if (before === undefined) this.carts.get(userId)?.delete(variantId);
      else this.cartOf(userId).set(variantId, before);
    });
  }

  private cartOf(userId: string): Map<string, Held> {
    let cart = this.carts.get(userId);
    if (!cart) {
      cart = new Map();
      this.carts.set(userId, cart);
    }
    return cart;
  }
}

const toLines = (cart: Map<string, Held> | undefined): CartLine[] =>
  cart
    ? Array.from(cart, ([variantId, { productId, quantity }]) => ({ productId, variantId, quantity }))
    : [];
