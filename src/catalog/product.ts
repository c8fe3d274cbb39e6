export interface Product {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  stockQty: number;
  active: boolean;
  imageUrl: string | null;
  createdAt: number;
}

export type ProductPatch = Partial<Omit<Product, 'id' | 'createdAt'>>;

export interface StockLine {
  productId: string;
  quantity: number;
}

/** Quantities per product, lines for the same product added up. */
export function totalsByProduct(lines: readonly StockLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { productId, quantity } of lines) totals.set(productId, (totals.get(productId) ?? 0) + quantity);
  return totals;
}
