import { z } from 'zod';
import { apiSchemas, IdSchema } from '../platform/schemas.js';
import { centsToEuros } from '../shared/money.js';
import type { CartView } from './cart.service.js';

const MAX_LINE_QUANTITY = 999;

export const AddToCartBodySchema = z.object({
  product_id: IdSchema,
  variant_id: IdSchema.optional().describe(
    'La déclinaison choisie ; requise pour un produit qui en a plusieurs',
  ),
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
});

export const RemoveFromCartBodySchema = z.object({
  product_id: IdSchema,
  quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY).default(1),
});

export const SetCartItemBodySchema = z.object({
  quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY),
});

export const ProductIdParamsSchema = z.object({ product_id: IdSchema.describe('Identifiant du produit') });

export const VariantIdParamsSchema = z.object({
  variant_id: IdSchema.describe('Identifiant de la déclinaison'),
});

const CartItemResponseSchema = z.object({
  product_id: z.string(),
  variant_id: z.string(),
  sku: z.string().nullable().describe('Null quand la déclinaison a disparu du catalogue'),
  options: z.record(z.string(), z.string()).meta({ example: { Taille: 'M' } }),
  product_name: z.string(),
  unit_price_cents: z.number().int(),
  unit_price_euros: z.number(),
  quantity: z.number().int(),
  line_total_cents: z.number().int(),
  line_total_euros: z.number(),
  image_url: z.string().nullable(),
  available: z.boolean(),
});

export const CartResponseSchema = z.object({
  items: z.array(CartItemResponseSchema),
  total_cents: z.number().int(),
  total_euros: z.number(),
});

export type CartResponse = z.infer<typeof CartResponseSchema>;

export const toCartResponse = (cart: CartView): CartResponse => ({
  items: cart.items.map((item) => {
    const lineTotal = item.unitPriceCents * item.quantity;
    return {
      product_id: item.productId,
      variant_id: item.variantId,
      sku: item.sku,
      options: item.options,
      product_name: item.productName,
      unit_price_cents: item.unitPriceCents,
      unit_price_euros: centsToEuros(item.unitPriceCents),
      quantity: item.quantity,
      line_total_cents: lineTotal,
      line_total_euros: centsToEuros(lineTotal),
      image_url: item.imageUrl,
      available: item.available,
    };
  }),
  total_cents: cart.totalCents,
  total_euros: centsToEuros(cart.totalCents),
});

// Named components of /openapi.json (see apiSchemas).
apiSchemas.add(CartItemResponseSchema, { id: 'CartItem' });
apiSchemas.add(CartResponseSchema, { id: 'Cart' });
