import type { CartLine } from '../../domain/cart.js';
import type { CartRepository } from '../cart.repository.js';

/** One Map of productId → quantity per user; Map order is the order lines were added. */
export class MemoryCartRepository implements CartRepository {
  private readonly carts = new Map<string, Map<string, number>>();

  async get(userId: string): Promise<CartLine[]> {
    return toLines(this.carts.get(userId));
  }

  async addWithinLimit(userId: string, productId: string, quantity: number, limit: number): Promise<boolean> {
    const cart = this.cartOf(userId);
    const next = (cart.get(productId) ?? 0) + quantity;
    if (next > limit) return false;
    cart.set(productId, next);
    return true;
  }

  async setQuantity(userId: string, productId: string, quantity: number): Promise<void> {
    if (quantity <= 0) this.carts.get(userId)?.delete(productId);
    else this.cartOf(userId).set(productId, quantity);
  }

  async decrease(userId: string, productId: string, quantity: number): Promise<void> {
    const cart = this.carts.get(userId);
    const current = cart?.get(productId);
    if (!cart || current === undefined) return;
    const next = quantity === 0 ? 0 : current - quantity;
    if (next <= 0) cart.delete(productId);
    else cart.set(productId, next);
  }

  async clear(userId: string): Promise<void> {
    this.carts.delete(userId);
  }

  async take(userId: string): Promise<CartLine[]> {
    const lines = toLines(this.carts.get(userId));
    this.carts.delete(userId);
    return lines;
  }

  async restore(userId: string, lines: readonly CartLine[]): Promise<void> {
    const cart = this.cartOf(userId);
    const merged = new Map<string, number>();
    for (const { productId, quantity } of lines) merged.set(productId, quantity + (cart.get(productId) ?? 0));
    for (const [productId, quantity] of cart) if (!merged.has(productId)) merged.set(productId, quantity);
    this.carts.set(userId, merged);
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
