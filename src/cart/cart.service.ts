import type { Product } from '../catalog/product.js';
import type { ProductRepository } from '../catalog/product.repository.js';
import { Errors } from '../shared/error-catalog.js';
import type { CartLine } from './cart.js';
import type { CartRepository } from './cart.repository.js';

interface CartItemView {
  productId: string;
  productName: string;
  unitPriceCents: number;
  quantity: number;
  imageUrl: string | null;
  /** False when the product is now inactive or gone: shown, but not counted in the total. */
  available: boolean;
}

export interface CartView {
  items: CartItemView[];
  totalCents: number;
}

interface CartDeps {
  carts: CartRepository;
  products: ProductRepository;
}

export class CartService {
  constructor(private readonly deps: CartDeps) {}

  /** The cart with live prices. */
  async view(userId: string): Promise<CartView> {
    return this.priced(await this.deps.carts.get(userId));
  }

  private async priced(lines: CartLine[]): Promise<CartView> {
    const products = await this.deps.products.findManyByIds(lines.map((line) => line.productId));
    const items = lines.map(({ productId, quantity }): CartItemView => {
      const product = products.get(productId);
      return {
        productId,
        productName: product?.name ?? 'Produit supprimé',
        unitPriceCents: product?.priceCents ?? 0,
        quantity,
        imageUrl: product?.imageUrl ?? null,
        available: product?.active === true,
      };
    });
    const totalCents = items.reduce(
      (sum, item) => (item.available ? sum + item.unitPriceCents * item.quantity : sum),
      0,
    );
    return { items, totalCents };
  }

  /** The quantity already in the cart counts against the stock. */
  async add(userId: string, productId: string, quantity: number): Promise<CartView> {
    const product = await this.purchasable(productId);
    const lines = await this.deps.carts.addWithinLimit(userId, productId, quantity, product.stockQty);
    if (!lines) throw Errors.cartStockInsufficient();
    return this.priced(lines);
  }

  async setQuantity(userId: string, productId: string, quantity: number): Promise<CartView> {
    if (quantity > 0) {
      const product = await this.purchasable(productId);
      if (quantity > product.stockQty) throw Errors.cartStockInsufficient();
    }
    await this.deps.carts.setQuantity(userId, productId, quantity);
    return this.view(userId);
  }

  /** Removing what is not there is a no-op, as in the original API. */
  async decrease(userId: string, productId: string, quantity: number): Promise<CartView> {
    await this.deps.carts.decrease(userId, productId, quantity);
    return this.view(userId);
  }

  async removeLine(userId: string, productId: string): Promise<CartView> {
    await this.deps.carts.setQuantity(userId, productId, 0);
    return this.view(userId);
  }

  clear(userId: string): Promise<void> {
    return this.deps.carts.clear(userId);
  }

  private async purchasable(productId: string): Promise<Product> {
    const product = await this.deps.products.findById(productId);
    if (!product) throw Errors.cartProductNotFound();
    if (!product.active) throw Errors.cartProductInactive();
    return product;
  }
}
