import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdminOrderQuerySchema,
  OrderIdBodySchema,
  OrderListResponseSchema,
  OrderResponseSchema,
  RefundBodySchema,
  ShipBodySchema,
  toOrderResponse,
} from '../schemas/order.schemas.js';
import type { OrderService } from '../services/order.service.js';
import type { PaymentService } from '../services/payment.service.js';

const tags = ['Administration'];
const config = { access: 'admin' } as const;
const response = { 200: OrderResponseSchema };

/** The admin's side of the order lifecycle (contract §4), under /api/admin/orders. */
export const adminOrderRoutes: FastifyPluginAsyncZod<{
  orders: OrderService;
  payments: PaymentService;
}> = async (app, { orders, payments }) => {
  app.get(
    '/orders',
    {
      config,
      schema: {
        tags,
        summary: 'Lister toutes les commandes',
        querystring: AdminOrderQuerySchema,
        response: { 200: OrderListResponseSchema },
      },
    },
    async (request) => {
      const { status, user_id } = request.query;
      return { orders: (await orders.listAll({ status, userId: user_id })).map(toOrderResponse) };
    },
  );

  app.post(
    '/orders/validate',
    {
      config,
      schema: { tags, summary: 'Valider une commande (CREE → VALIDEE)', body: OrderIdBodySchema, response },
    },
    async (request) => toOrderResponse(await orders.validate(request.body.order_id)),
  );

  app.post(
    '/orders/ship',
    { config, schema: { tags, summary: 'Expédier une commande payée', body: ShipBodySchema, response } },
    async (request) => toOrderResponse(await orders.ship(request.body.order_id, request.body.carrier)),
  );

  app.post(
    '/orders/deliver',
    { config, schema: { tags, summary: 'Marquer une commande livrée', body: OrderIdBodySchema, response } },
    async (request) => toOrderResponse(await orders.deliver(request.body.order_id)),
  );

  app.post(
    '/orders/refund',
    {
      config,
      schema: { tags, summary: 'Rembourser tout ou partie du paiement', body: RefundBodySchema, response },
    },
    async (request) =>
      toOrderResponse(await payments.refund(request.body.order_id, request.body.amount_cents)),
  );
};
