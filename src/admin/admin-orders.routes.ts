import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdminOrderListResponseSchema,
  AdminOrderQuerySchema,
  IdempotencyHeadersSchema,
  OrderIdBodySchema,
  OrderResponseSchema,
  RefundBodySchema,
  ShipBodySchema,
  toOrderResponse,
} from '../orders/order.schemas.js';
import type { OrderService } from '../orders/order.service.js';
import type { PaymentService } from '../orders/payment.service.js';
import type { IdempotencyService } from '../platform/idempotency/idempotency.service.js';
import { sendIdempotent } from '../platform/idempotency/idempotency-reply.js';
import { Errors } from '../shared/error-catalog.js';

const tags = ['Administration'];
const access = 'admin';
const response = { 200: OrderResponseSchema };

/** The admin's side of the order lifecycle (docs/http-api.md), under /api/admin/orders. */
export const adminOrderRoutes: FastifyPluginAsyncZod<{
  orders: OrderService;
  payments: PaymentService;
  idempotency: IdempotencyService;
}> = async (app, { orders, payments, idempotency }) => {
  app.get(
    '/orders',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'adminListOrders',
        summary: 'Lister toutes les commandes, par page (les plus anciennes d’abord)',
        querystring: AdminOrderQuerySchema,
        response: { 200: AdminOrderListResponseSchema },
      },
    },
    async (request) => {
      const { status, user_id, limit, offset } = request.query;
      const page = await orders.listAll({ status, userId: user_id }, { limit, offset });
      return { orders: page.items.map(toOrderResponse), total: page.total };
    },
  );

  app.post(
    '/orders/validate',
    {
      config: { access, errors: [Errors.validateRefused] },
      schema: {
        tags,
        operationId: 'adminValidateOrder',
        summary: 'Valider une commande (CREE → VALIDEE)',
        body: OrderIdBodySchema,
        response,
      },
    },
    async (request) => toOrderResponse(await orders.validate(request.body.order_id)),
  );

  app.post(
    '/orders/ship',
    {
      config: { access, errors: [Errors.shipRefused, Errors.orderNotFound] },
      schema: {
        tags,
        operationId: 'adminShipOrder',
        summary: 'Expédier une commande payée',
        body: ShipBodySchema,
        response,
      },
    },
    async (request) => toOrderResponse(await orders.ship(request.body.order_id, request.body.carrier)),
  );

  app.post(
    '/orders/deliver',
    {
      config: { access, errors: [Errors.deliverRefused, Errors.orderNotFound] },
      schema: {
        tags,
        operationId: 'adminDeliverOrder',
        summary: 'Marquer une commande livrée',
        body: OrderIdBodySchema,
        response,
      },
    },
    async (request) => toOrderResponse(await orders.deliver(request.body.order_id)),
  );

  app.post(
    '/orders/refund',
    {
      config: {
        access,
        errors: [
          Errors.refundBadStatus,
          Errors.refundNoPayment,
          Errors.refundBadAmount,
          Errors.orderNotFound,
          Errors.paymentInProgress,
          Errors.idempotencyKeyReused,
          Errors.idempotencyInProgress,
          Errors.idempotencyKeysExhausted,
        ],
      },
      schema: {
        tags,
        operationId: 'adminRefundOrder',
        summary: 'Rembourser tout ou partie du paiement',
        headers: IdempotencyHeadersSchema,
        body: RefundBodySchema,
        response,
      },
    },
    async (request, reply) => {
      // Issue 28: with a key, the refund's answer commits in the refund's own unit.
      await sendIdempotent(idempotency, request, reply, 'refund', 200, async (sealWith) =>
        toOrderResponse(
          await payments.refund(
            request.body.order_id,
            request.body.amount_cents,
            sealWith?.(toOrderResponse),
          ),
        ),
      );
    },
  );
};
