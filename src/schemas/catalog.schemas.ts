import { z } from 'zod';
import type { Product } from '../domain/product.js';
import { centsToEuros } from '../shared/money.js';

export const ProductResponseSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  price_cents: z.number().int(),
  price_euros: z.number(),
  stock_qty: z.number().int(),
  active: z.boolean(),
  image_url: z.string().nullable(),
});

export const ProductListResponseSchema = z.object({ products: z.array(ProductResponseSchema) });

export type ProductResponse = z.infer<typeof ProductResponseSchema>;

export const toProductResponse = (product: Product): ProductResponse => ({
  id: product.id,
  name: product.name,
  description: product.description,
  price_cents: product.priceCents,
  price_euros: centsToEuros(product.priceCents),
  stock_qty: product.stockQty,
  active: product.active,
  image_url: product.imageUrl,
});
