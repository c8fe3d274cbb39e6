import {
  activeVariants,
  type OptionValues,
  type Product,
  type Variant,
  variantPriceCents,
} from '../catalog/product.js';
import type { ProductRepository } from '../catalog/product.repository.js';
import { optionNames } from '../catalog/variant-rules.js';
import { Errors } from '../shared/error-catalog.js';
import type { CartItemRef, CartLine } from './cart.js';
import type { CartRepository } from './cart.repository.js';

interface CartItemView {
  productId: string;
  variantId: string;
  productName: string;
  sku: string | null;
  options: OptionValues;
  unitPriceCents: number;
  quantity: number;
  imageUrl: string | null;
  /** False when the product or the variant is now inactive or gone: shown, but not counted in the total. */
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

/**
 * Lines are per variant. The routes that name a product (`/add` without `variant_id`,
 * `/items/{product_id}`, `/remove`) work on its one variant, and ask which one when there is a choice.
 */
export class CartService {
  constructor(private readonly deps: CartDeps) {}

  /** The cart with live prices. */
  async view(userId: string): Promise<CartView> {
    return this.priced(await this.deps.carts.get(userId));
  }

  private async priced(lines: CartLine[]): Promise<CartView> {
    const products = await this.deps.products.findByVariantIds(lines.map((line) => line.variantId));
    const items = lines.map(({ productId, variantId, quantity }): CartItemView => {
      const product = products.get(variantId);
      const variant = product?.variants.find((v) => v.id === variantId);
      return {
        productId,
        variantId,
        productName: product?.name ?? 'Produit supprimé',
        sku: variant?.sku ?? null,
        options: variant?.options ?? {},
        unitPriceCents: product && variant ? variantPriceCents(product, variant) : 0,
        quantity,
        imageUrl: product?.imageUrl ?? null,
        available: product?.active === true && variant?.active === true,
      };
    });
    const totalCents = items.reduce(
      (sum, item) => (item.available ? sum + item.unitPriceCents * item.quantity : sum),
      0,
    );
    return { items, totalCents };
  }

  /** The quantity already in the cart counts against the variant's stock. */
  async add(
    userId: string,
    productId: string,
    variantId: string | undefined,
    quantity: number,
  ): Promise<CartView> {
    const { product, variant } = await this.purchasable(productId, variantId);
    const lines = await this.deps.carts.addWithinLimit(
      userId,
      refOf(product, variant),
      quantity,
      variant.stockQty,
    );
    if (!lines) throw Errors.cartStockInsufficient();
    return this.priced(lines);
  }

  /** `PUT /items/{product_id}`: the product's one variant. */
  async setProductQuantity(userId: string, productId: string, quantity: number): Promise<CartView> {
    if (quantity === 0) return this.removeProductLine(userId, productId);
    const { product, variant } = await this.purchasable(productId, undefined);
    return this.setWithinStock(userId, product, variant, quantity);
  }

  /** `PUT /lines/{variant_id}`. */
  async setLineQuantity(userId: string, variantId: string, quantity: number): Promise<CartView> {
    if (quantity === 0) return this.removeLine(userId, variantId);
    const product = (await this.deps.products.findByVariantIds([variantId])).get(variantId);
    if (!product) throw Errors.cartVariantNotFound();
    const { variant } = await this.purchasable(product.id, variantId, product);
    return this.setWithinStock(userId, product, variant, quantity);
  }

  /** Removing what is not there is a no-op, as in the original API. */
  async decreaseProduct(userId: string, productId: string, quantity: number): Promise<CartView> {
    const line = await this.productLine(userId, productId);
    if (line) await this.deps.carts.decrease(userId, line.variantId, quantity);
    return this.view(userId);
  }

  async removeProductLine(userId: string, productId: string): Promise<CartView> {
    const line = await this.productLine(userId, productId);
    if (line) await this.deps.carts.setQuantity(userId, line, 0);
    return this.view(userId);
  }

  async removeLine(userId: string, variantId: string): Promise<CartView> {
    await this.deps.carts.decrease(userId, variantId, 0);
    return this.view(userId);
  }

  clear(userId: string): Promise<void> {
    return this.deps.carts.clear(userId);
  }

  private async setWithinStock(userId: string, product: Product, variant: Variant, quantity: number) {
    if (quantity > variant.stockQty) throw Errors.cartStockInsufficient();
    await this.deps.carts.setQuantity(userId, refOf(product, variant), quantity);
    return this.view(userId);
  }

  /** The cart's line of a product named without its variant: several lines ask which one. */
  private async productLine(userId: string, productId: string): Promise<CartLine | null> {
    const lines = (await this.deps.carts.get(userId)).filter((line) => line.productId === productId);
    if (lines.length > 1) {
      const product = await this.deps.products.findById(productId);
      throw Errors.variantRequired({ options: optionNames(product?.options ?? []) });
    }
    return lines[0] ?? null;
  }

  /** The product and the variant a line would hold: `variantId`, or the product's one variant on sale. */
  private async purchasable(
    productId: string,
    variantId: string | undefined,
    known?: Product,
  ): Promise<{ product: Product; variant: Variant }> {
    const product = known ?? (await this.deps.products.findById(productId));
    if (!product) throw Errors.cartProductNotFound();
    if (!product.active) throw Errors.cartProductInactive();
    if (variantId === undefined) {
      const onSale = activeVariants(product);
      if (onSale.length === 0) throw Errors.cartProductInactive();
      if (product.variants.length > 1)
        throw Errors.variantRequired({ options: optionNames(product.options) });
      return { product, variant: onSale[0] as Variant };
    }
    const variant = product.variants.find((v) => v.id === variantId);
    if (!variant) throw Errors.cartVariantNotFound();
    if (!variant.active) throw Errors.cartVariantInactive();
    return { product, variant };
  }
}

const refOf = (product: Product, variant: Variant): CartItemRef => ({
  productId: product.id,
  variantId: variant.id,
});
