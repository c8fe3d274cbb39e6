import { z } from 'zod';
import { ProductResponseSchema, toAdminProductResponse } from '../catalog/catalog.schemas.js';
import type { ProductInput, VariantInput } from '../catalog/catalog.service.js';
import type { Category } from '../catalog/category.js';
import { ORDER_STATUSES, type OrderStatus } from '../orders/order.js';
import { apiSchemas, IdSchema, MAX, trimmed } from '../platform/schemas.js';
import { FieldMessages } from '../shared/error-catalog.js';
import { centsToEuros, eurosToCents } from '../shared/money.js';
import type { ShopStats } from './stats.service.js';

const MAX_PRICE_CENTS = 100_000_000;
const MAX_STOCK = 1_000_000;

const StockSchema = z.number().int().min(0).max(MAX_STOCK);

/** Euros with at most two decimals, so 19.99 becomes exactly 1999 cents. */
const EurosSchema = z
  .number()
  .min(0)
  .max(MAX_PRICE_CENTS / 100)
  .refine((euros) => eurosToCents(euros) !== null, FieldMessages.priceDecimals);

const MAX_OPTIONS = 5;
const MAX_OPTION_VALUES = 50;
const MAX_VARIANTS = 250;
const MAX_CATEGORIES = 20;

const OptionValueSchema = trimmed(1, 50);

const OptionSchema = z.object({
  name: OptionValueSchema.meta({ example: 'Taille' }),
  values: z
    .array(OptionValueSchema)
    .min(1)
    .max(MAX_OPTION_VALUES)
    .meta({ example: ['S', 'M', 'L'] }),
});

const SkuSchema = trimmed(1, MAX.id).regex(/^[A-Za-z0-9._-]+$/, FieldMessages.skuCharacters);

export const VariantFieldsSchema = z.object({
  sku: SkuSchema.optional().describe('Référence unique ; une est donnée si absente'),
  options: z
    .record(OptionValueSchema, OptionValueSchema)
    .optional()
    .meta({ example: { Taille: 'M' } })
    .describe('Une valeur pour chaque option du produit'),
  stock: StockSchema.optional(),
  price_cents: z
    .number()
    .int()
    .min(0)
    .max(MAX_PRICE_CENTS)
    .nullable()
    .optional()
    .describe('Absent ou null : le prix du produit'),
  active: z.boolean().optional(),
});

export const VariantUpdateSchema = VariantFieldsSchema.pick({ sku: true, price_cents: true, active: true });

export const VariantStockBodySchema = z.object({ stock: StockSchema });

export const toVariantInput = (fields: z.infer<typeof VariantFieldsSchema>): VariantInput => ({
  sku: fields.sku,
  options: fields.options,
  stockQty: fields.stock,
  priceCents: fields.price_cents,
  active: fields.active,
});

/** Every field optional: the service answers 400 for a missing name or price, as the contract says. */
export const ProductFieldsSchema = z.object({
  name: trimmed(1, MAX.name).optional(),
  description: z.string().max(MAX.text).optional(),
  price: EurosSchema.optional(),
  price_cents: z.number().int().min(0).max(MAX_PRICE_CENTS).optional(),
  stock: StockSchema.optional(),
  stock_qty: StockSchema.optional(),
  image_url: z.string().max(2048).nullable().optional(),
  active: z.boolean().optional(),
  options: z.array(OptionSchema).max(MAX_OPTIONS).optional().describe('À la création seulement'),
  variants: z.array(VariantFieldsSchema).max(MAX_VARIANTS).optional().describe('À la création seulement'),
  category_ids: z
    .array(IdSchema)
    .max(MAX_CATEGORIES)
    .optional()
    .describe('Remplace les catégories du produit'),
});

export const ProductUpdateWithIdSchema = ProductFieldsSchema.extend({ product_id: IdSchema });

export const StockBodySchema = z.object({ stock: StockSchema.optional(), stock_qty: StockSchema.optional() });

export const StockWithIdBodySchema = StockBodySchema.extend({ product_id: IdSchema });

export type ProductFields = z.infer<typeof ProductFieldsSchema>;

/** The edge between the contract's names and units and the domain's. `price_cents` wins over `price`. */
export const toProductInput = (fields: ProductFields): ProductInput => ({
  name: fields.name,
  description: fields.description,
  priceCents:
    fields.price_cents ??
    (fields.price === undefined ? undefined : (eurosToCents(fields.price) ?? undefined)),
  stockQty: fields.stock_qty ?? fields.stock,
  imageUrl: fields.image_url,
  active: fields.active,
  options: fields.options,
  variants: fields.variants?.map(toVariantInput),
  categoryIds: fields.category_ids,
});

const SlugSchema = trimmed(1, 100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, FieldMessages.slugCharacters);

export const CategoryFieldsSchema = z.object({
  name: trimmed(1, MAX.name).meta({ example: 'T-shirts' }),
  slug: SlugSchema.meta({ example: 't-shirts' }),
  parent_id: IdSchema.nullable().optional().describe('Absent ou null : une catégorie racine'),
  position: z.number().int().min(0).max(10_000).optional().describe('Rang parmi ses sœurs (0 d’abord)'),
});

export const CategoryUpdateSchema = CategoryFieldsSchema.partial();

export const CategoryResponseSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  parent_id: z.string().nullable(),
  position: z.number().int(),
});

export const toCategoryResponse = (category: Category) => ({
  id: category.id,
  name: category.name,
  slug: category.slug,
  parent_id: category.parentId,
  position: category.position,
});

export const UploadResponseSchema = z.object({ image_url: z.string() });

/** One count per order status, every status present, in the lifecycle's order. */
const countsByStatus = z.object(
  Object.fromEntries(ORDER_STATUSES.map((status) => [status, z.number()])) as Record<
    OrderStatus,
    z.ZodNumber
  >,
);

export const StatsResponseSchema = z.object({
  total_orders: z.number(),
  orders_by_status: countsByStatus,
  pending_orders: z.number(),
  validated_orders: z.number(),
  shipped_orders: z.number(),
  delivered_orders: z.number(),
  total_revenue_cents: z.number(),
  total_revenue_euros: z.number(),
  total_revenue: z.number(),
  total_users: z.number(),
  total_products: z.number(),
  low_stock_products: z.array(ProductResponseSchema),
  low_stock_variants: z.array(
    z.object({
      product_id: z.string(),
      product_name: z.string(),
      variant_id: z.string(),
      sku: z.string(),
      options: z.record(z.string(), z.string()),
      stock_qty: z.number().int(),
    }),
  ),
});

export type StatsResponse = z.infer<typeof StatsResponseSchema>;

export const toStatsResponse = (stats: ShopStats): StatsResponse => ({
  total_orders: stats.totalOrders,
  orders_by_status: stats.ordersByStatus,
  pending_orders: stats.ordersByStatus.CREE,
  validated_orders: stats.ordersByStatus.VALIDEE,
  shipped_orders: stats.ordersByStatus.EXPEDIEE,
  delivered_orders: stats.ordersByStatus.LIVREE,
  total_revenue_cents: stats.revenueCents,
  total_revenue_euros: centsToEuros(stats.revenueCents),
  total_revenue: centsToEuros(stats.revenueCents),
  total_users: stats.totalUsers,
  total_products: stats.totalProducts,
  low_stock_products: stats.lowStockProducts.map(toAdminProductResponse),
  low_stock_variants: stats.lowStockVariants.map(({ product, variant }) => ({
    product_id: product.id,
    product_name: product.name,
    variant_id: variant.id,
    sku: variant.sku,
    options: variant.options,
    stock_qty: variant.stockQty,
  })),
});

// Named components of /openapi.json (see apiSchemas).
apiSchemas.add(StatsResponseSchema, { id: 'Stats' });
apiSchemas.add(UploadResponseSchema, { id: 'UploadedImage' });
apiSchemas.add(CategoryResponseSchema, { id: 'Category' });
