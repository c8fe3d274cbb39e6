import { z } from 'zod';
import { ProductResponseSchema, toProductResponse } from '../catalog/catalog.schemas.js';
import type { ProductInput } from '../catalog/catalog.service.js';
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
  low_stock_products: stats.lowStockProducts.map(toProductResponse),
});

// Named components of /openapi.json (see apiSchemas).
apiSchemas.add(StatsResponseSchema, { id: 'Stats' });
apiSchemas.add(UploadResponseSchema, { id: 'UploadedImage' });
