/** A line of a cart: one variant, with the product it belongs to. */
export interface CartLine {
  productId: string;
  variantId: string;
  quantity: number;
}

export type CartItemRef = Omit<CartLine, 'quantity'>;
