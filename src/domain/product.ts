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
