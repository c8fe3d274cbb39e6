import { z } from 'zod';
import { apiSchemas, MAX, QueryBoolean, QueryInt } from '../platform/schemas.js';
import { FieldMessages } from '../shared/error-catalog.js';
import { centsToEuros } from '../shared/money.js';
import type { CatalogCriteria, CatalogPage, ShownProduct } from './catalog.service.js';
import type { CategoryNode } from './category.js';
import { type Variant, variantPriceCents } from './product.js';
import { MAX_PAGE_SIZE, PRODUCT_SORTS } from './product-query.js';

const OptionValuesSchema = z
  .record(z.string(), z.string())
  .meta({ example: { Taille: 'M', Couleur: 'Noir' } })
  .describe('La valeur de chaque option du produit');

const ProductOptionResponseSchema = z.object({
  name: z.string().meta({ example: 'Taille' }),
  values: z.array(z.string()).meta({ example: ['S', 'M', 'L'] }),
});

const VariantResponseSchema = z.object({
  id: z.string(),
  sku: z.string().meta({ example: 'TSH-BIO-M-NOIR' }),
  options: OptionValuesSchema,
  price_cents: z.number().int().describe('Son prix, ou celui du produit'),
  price_euros: z.number(),
  stock_qty: z.number().int(),
  active: z
    .boolean()
    .describe('Toujours vrai dans le catalogue public, qui ne montre que les déclinaisons en vente'),
});

const CategoryRefResponseSchema = z.object({
  id: z.string(),
  name: z.string().meta({ example: 'T-shirts' }),
  slug: z.string().meta({ example: 't-shirts' }),
});

export const ProductResponseSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  price_cents: z.number().int().describe('Le plus bas prix de ses déclinaisons en vente (« à partir de »)'),
  price_euros: z.number(),
  stock_qty: z.number().int().describe('Les unités de ses déclinaisons en vente'),
  active: z.boolean(),
  image_url: z.string().nullable(),
  options: z.array(ProductOptionResponseSchema),
  variants: z.array(VariantResponseSchema),
  categories: z.array(CategoryRefResponseSchema),
});

export type ProductResponse = z.infer<typeof ProductResponseSchema>;

const toVariantResponse = (product: ShownProduct, variant: Variant) => {
  const price = variantPriceCents(product, variant);
  return {
    id: variant.id,
    sku: variant.sku,
    options: variant.options,
    price_cents: price,
    price_euros: centsToEuros(price),
    stock_qty: variant.stockQty,
    active: variant.active,
  };
};

/** The public view shows the variants on sale; the admin's (`allVariants`) every one, with `active`. */
export const toProductResponse = (product: ShownProduct, { allVariants = false } = {}): ProductResponse => ({
  id: product.id,
  name: product.name,
  description: product.description,
  price_cents: product.fromPriceCents,
  price_euros: centsToEuros(product.fromPriceCents),
  stock_qty: product.stockQty,
  active: product.active,
  image_url: product.imageUrl,
  options: product.options,
  variants: product.variants
    .filter((variant) => allVariants || variant.active)
    .map((variant) => toVariantResponse(product, variant)),
  categories: product.categories,
});

export const toAdminProductResponse = (product: ShownProduct): ProductResponse =>
  toProductResponse(product, { allVariants: true });

/** `Taille:M`: an option's name, a colon, one of its values. */
const OptionFilterSchema = z
  .string()
  .max(MAX.name)
  .regex(/^[^:]+:.+$/, FieldMessages.optionFilter);

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
  in_stock: QueryBoolean.optional().describe(
    'true : seulement en stock ; false : seulement en rupture (avec option : la déclinaison choisie)',
  ),
  category: z
    .string()
    .max(MAX.name)
    .optional()
    .describe('Slug d’une catégorie : ses produits et ceux de ses sous-catégories'),
  option: z
    .union([OptionFilterSchema, z.array(OptionFilterSchema).max(5)])
    .optional()
    .describe('Nom:Valeur, répétable jusqu’à 5 fois : une même déclinaison en vente les porte toutes')
    .meta({ example: 'Taille:M' }),
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

const optionPair = (filter: string): [string, string] => {
  const colon = filter.indexOf(':');
  return [filter.slice(0, colon).trim(), filter.slice(colon + 1).trim()];
};

export const toCatalogCriteria = (query: CatalogQuery): CatalogCriteria => ({
  ...(query.q !== undefined && { q: query.q }),
  ...(query.min_price_cents !== undefined && { minPriceCents: query.min_price_cents }),
  ...(query.max_price_cents !== undefined && { maxPriceCents: query.max_price_cents }),
  ...(query.in_stock !== undefined && { inStock: query.in_stock }),
  ...(query.category !== undefined && { category: query.category }),
  ...(query.option !== undefined && { options: [query.option].flat().map(optionPair) }),
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
  products: page.products.map((product) => toProductResponse(product)),
  total: page.total,
  limit: page.limit,
  offset: page.offset,
  next_cursor: page.nextCursor,
});

interface CategoryNodeResponse {
  id: string;
  name: string;
  slug: string;
  parent_id: string | null;
  position: number;
  product_count: number;
  children: CategoryNodeResponse[];
}

const CategoryNodeResponseSchema: z.ZodType<CategoryNodeResponse> = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    parent_id: z.string().nullable(),
    position: z.number().int(),
    product_count: z
      .number()
      .int()
      .describe('Produits en vente ici ou dans une sous-catégorie, chacun compté une fois'),
    children: z.array(CategoryNodeResponseSchema),
  }),
);

export const CategoryTreeResponseSchema = z.array(CategoryNodeResponseSchema);

export const toCategoryNodeResponse = (node: CategoryNode): CategoryNodeResponse => ({
  id: node.id,
  name: node.name,
  slug: node.slug,
  parent_id: node.parentId,
  position: node.position,
  product_count: node.productCount,
  children: node.children.map(toCategoryNodeResponse),
});

// Named components of /openapi.json (see apiSchemas).
apiSchemas.add(ProductResponseSchema, { id: 'Product' });
apiSchemas.add(VariantResponseSchema, { id: 'Variant' });
apiSchemas.add(ProductListResponseSchema, { id: 'ProductPage' });
apiSchemas.add(CategoryNodeResponseSchema, { id: 'CategoryNode' });
