import { z } from 'zod';
import { AdminPageQuerySchema, apiSchemas, IdSchema, MAX, QueryInt, trimmed } from '../platform/schemas.js';
import { toEpochSeconds } from '../shared/clock.js';
import { FieldMessages } from '../shared/error-catalog.js';
import { centsToEuros } from '../shared/money.js';
import { DELIVERY_STATUSES, HISTORY_ACTORS, ORDER_STATUSES, type Order } from './order.js';
import type { OrderCreditNote } from './order-credit-notes.js';
import { ORDER_PAGE_DEFAULT, ORDER_PAGE_MAX } from './order-page.js';
import type { PaymentRecord } from './payment.js';

const OrderStatusSchema = z.enum(ORDER_STATUSES);

export const IdempotencyHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('Clé unique par opération : la même clé rejoue la première réponse pendant 24 h'),
});

/** The body is optional: no body, `{}` and `{"shipping_address": null}` all mean "no address". */
export const CheckoutBodySchema = z.object({ shipping_address: trimmed(5, MAX.address).nullish() }).nullish();

export const PayBodySchema = z.object({
  order_id: IdSchema,
  card_number: z
    .string()
    .max(32)
    .transform((value) => value.replace(/ /g, ''))
    .pipe(z.string().regex(/^\d{16}$/, FieldMessages.cardNumberDigits)),
  exp_month: z.number().int().min(1).max(12),
  exp_year: z.number().int().min(2000).max(2100),
  cvc: z.string().regex(/^\d{3,4}$/, FieldMessages.cvcDigits),
});

export const OrderIdBodySchema = z.object({ order_id: IdSchema });

const nullableSeconds = z.number().nullable();

const OrderItemResponseSchema = z.object({
  product_id: z.string(),
  variant_id: z.string(),
  sku: z.string(),
  options: z.record(z.string(), z.string()).meta({ example: { Taille: 'M' } }),
  name: z.string(),
  unit_price_cents: z.number().int(),
  unit_price_euros: z.number(),
  quantity: z.number().int(),
  line_total_cents: z.number().int(),
  line_total_euros: z.number(),
  image_url: z.string().nullable(),
});

const DeliveryResponseSchema = z.object({
  id: z.string(),
  carrier: z.string(),
  tracking_number: z.string(),
  address: z.string(),
  status: z.enum(DELIVERY_STATUSES),
});

export const OrderResponseSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  items: z.array(OrderItemResponseSchema),
  status: OrderStatusSchema,
  total_cents: z.number().int(),
  total_euros: z.number(),
  created_at: z.number(),
  shipping_address: z.string().nullable(),
  validated_at: nullableSeconds,
  paid_at: nullableSeconds,
  shipped_at: nullableSeconds,
  delivered_at: nullableSeconds,
  cancelled_at: nullableSeconds,
  refunded_at: nullableSeconds,
  delivery: DeliveryResponseSchema.nullable(),
  invoice_id: z.string().nullable(),
  payment_id: z.string().nullable(),
  refunded_cents: z.number().int(),
  refunded_euros: z.number(),
  history: z.array(z.object({ status: OrderStatusSchema, at: z.number(), actor: z.enum(HISTORY_ACTORS) })),
  credit_notes: z
    .array(
      z.object({
        id: z.string(),
        number: z.string().meta({ example: 'AV-2026-000001' }),
        issued_at: z.number(),
        total_cents: z.number().int(),
        pdf_url: z.string(),
      }),
    )
    .optional()
    .describe(
      "Sur GET /api/orders/{id} : les factures d'avoir de ses remboursements, les plus anciennes d'abord",
    ),
});

export const OrderListResponseSchema = z.object({ orders: z.array(OrderResponseSchema) });

export const MyOrdersQuerySchema = z.object({
  limit: QueryInt(1, ORDER_PAGE_MAX)
    .default(ORDER_PAGE_DEFAULT)
    .describe(`Taille de page, 1 à ${ORDER_PAGE_MAX} (${ORDER_PAGE_DEFAULT} par défaut)`),
  cursor: z.string().max(500).optional().describe('Le next_cursor de la page précédente'),
});

export const MyOrderPageResponseSchema = OrderListResponseSchema.extend({
  next_cursor: z.string().nullable().describe('Curseur de la page suivante ; null sur la dernière'),
});

export const PaymentResponseSchema = z.object({
  payment_id: z.string(),
  order_id: z.string(),
  amount_cents: z.number().int(),
  amount_euros: z.number(),
  succeeded: z.boolean(),
});

export type OrderResponse = z.infer<typeof OrderResponseSchema>;
export type PaymentResponse = z.infer<typeof PaymentResponseSchema>;

const seconds = (ms: number | null) => (ms === null ? null : toEpochSeconds(ms));

export const toOrderResponse = (order: Order): OrderResponse => ({
  id: order.id,
  user_id: order.userId,
  items: order.items.map((item) => ({
    product_id: item.productId,
    variant_id: item.variantId,
    sku: item.sku,
    options: item.options,
    name: item.name,
    unit_price_cents: item.unitPriceCents,
    unit_price_euros: centsToEuros(item.unitPriceCents),
    quantity: item.quantity,
    line_total_cents: item.unitPriceCents * item.quantity,
    line_total_euros: centsToEuros(item.unitPriceCents * item.quantity),
    image_url: item.imageUrl,
  })),
  status: order.status,
  total_cents: order.totalCents,
  total_euros: centsToEuros(order.totalCents),
  created_at: toEpochSeconds(order.createdAt),
  shipping_address: order.shippingAddress,
  validated_at: seconds(order.validatedAt),
  paid_at: seconds(order.paidAt),
  shipped_at: seconds(order.shippedAt),
  delivered_at: seconds(order.deliveredAt),
  cancelled_at: seconds(order.cancelledAt),
  refunded_at: seconds(order.refundedAt),
  delivery: order.delivery && {
    id: order.delivery.id,
    carrier: order.delivery.carrier,
    tracking_number: order.delivery.trackingNumber,
    address: order.delivery.address,
    status: order.delivery.status,
  },
  invoice_id: order.invoiceId,
  payment_id: order.paymentId,
  refunded_cents: order.refundedCents,
  refunded_euros: centsToEuros(order.refundedCents),
  history: order.history.map((entry) => ({
    status: entry.status,
    at: toEpochSeconds(entry.at),
    actor: entry.actor,
  })),
});

/** One order as GET /api/orders/{id} answers it: with the credit notes of its refunds. */
export const toOrderWithCreditNotesResponse = (
  order: Order,
  creditNotes: readonly OrderCreditNote[],
): OrderResponse => ({
  ...toOrderResponse(order),
  credit_notes: creditNotes.map((note) => ({
    id: note.id,
    number: note.number,
    issued_at: toEpochSeconds(note.issuedAt),
    total_cents: note.totalCents,
    pdf_url: `/api/credit-notes/${note.id}.pdf`,
  })),
});

export const toPaymentResponse = (payment: PaymentRecord): PaymentResponse => ({
  payment_id: payment.id,
  order_id: payment.orderId,
  amount_cents: payment.amountCents,
  amount_euros: centsToEuros(payment.amountCents),
  succeeded: payment.succeeded,
});

export const AdminOrderQuerySchema = AdminPageQuerySchema.extend({
  status: OrderStatusSchema.optional().describe('Seulement les commandes à ce statut'),
  user_id: IdSchema.optional().describe('Seulement les commandes de ce client'),
});

export const AdminOrderListResponseSchema = OrderListResponseSchema.extend({
  total: z.number().int().describe('Commandes correspondant aux filtres, toutes pages comprises'),
});

export const ShipBodySchema = z.object({
  order_id: IdSchema,
  carrier: trimmed(1, 100).default('POSTE'),
});

/** Range is checked by the service against what is still refundable, with the contract's message. */
export const RefundBodySchema = z.object({
  order_id: IdSchema,
  amount_cents: z.number().int().optional(),
});

// Named components of /openapi.json (see apiSchemas).
apiSchemas.add(OrderItemResponseSchema, { id: 'OrderItem' });
apiSchemas.add(DeliveryResponseSchema, { id: 'Delivery' });
apiSchemas.add(OrderResponseSchema, { id: 'Order' });
apiSchemas.add(OrderListResponseSchema, { id: 'OrderList' });
apiSchemas.add(MyOrderPageResponseSchema, { id: 'OrderPage' });
apiSchemas.add(AdminOrderListResponseSchema, { id: 'AdminOrderList' });
apiSchemas.add(PaymentResponseSchema, { id: 'Payment' });
