import { z } from 'zod';
import { apiSchemas, MAX, QueryBoolean, QueryInt } from '../platform/schemas.js';
import { centsToEuros } from '../shared/money.js';
import type { CatalogCriteria, CatalogPage } from './catalog.service.js';
import type { Product } from './product.js';
import { MAX_PAGE_SIZE, PRODUCT_SORTS } from './product-query.js';

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

export const CatalogQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(MAX.name)
    .optional()
    .describe('Mots cherchés dans le nom et la description, sans tenir compte de la casse ni des accents'),
  min_price_cents: QueryInt(0, 1_000_000_000).optional().describe('Prix minimal en centimes (inclus)'),
  max_price_cents: QueryInt(0, 1_000_000_000).optional().describe('Prix maximal en centimes (inclus)'),
  in_stock: QueryBoolean.optional().describe('true : seulement en stock ; false : seulement en rupture'),
  sort: z
    .enum(PRODUCT_SORTS)
    .optional()
    .describe('Ordre : oldest (défaut), newest, name, price (croissant), -price (décroissant)'),
  limit: QueryInt(1, MAX_PAGE_SIZE).default(MAX_PAGE_SIZE).describe(`Taille de page, 1 à ${MAX_PAGE_SIZE}`),
  offset: QueryInt(0, 1_000_000_000).default(0).describe('Produits à sauter (pagination simple)'),
  cursor: z
    .string()
    .max(500)
    .optional()
    .describe('Le next_cursor de la page précédente : pagination stable, prioritaire sur offset'),
});

export type CatalogQuery = z.infer<typeof CatalogQuerySchema>;

export const toCatalogCriteria = (query: CatalogQuery): CatalogCriteria => ({
  ...(query.q !== undefined && { q: query.q }),
  ...(query.min_price_cents !== undefined && { minPriceCents: query.min_price_cents }),
  ...(query.max_price_cents !== undefined && { maxPriceCents: query.max_price_cents }),
  ...(query.in_stock !== undefined && { inStock: query.in_stock }),
  sort: query.sort ?? 'oldest',
  sortGiven: query.sort !== undefined,
  limit: query.limit,
  offset: query.offset,
  ...(query.cursor !== undefined && { cursor: query.cursor }),
});

export const ProductListResponseSchema = z.object({
  products: z.array(ProductResponseSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  next_cursor: z.string().nullable(),
});

export type ProductListResponse = z.infer<typeof ProductListResponseSchema>;

export const toProductListResponse = (page: CatalogPage): ProductListResponse => ({
  products: page.products.map(toProductResponse),
  total: page.total,
  limit: page.limit,
  offset: page.offset,
  next_cursor: page.nextCursor,
});

// Named components of /openapi.json (see apiSchemas).
apiSchemas.add(ProductResponseSchema, { id: 'Product' });
apiSchemas.add(ProductListResponseSchema, { id: 'ProductPage' });
