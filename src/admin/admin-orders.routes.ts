import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdminOrderListResponseSchema,
  AdminOrderQuerySchema,
  OrderIdBodySchema,
  OrderResponseSchema,
  RefundBodySchema,
  ShipBodySchema,
  toOrderResponse,
} from '../orders/order.schemas.js';
import type { OrderService } from '../orders/order.service.js';
import type { PaymentService } from '../orders/payment.service.js';
import { errorResponse } from '../platform/schemas.js';

const tags = ['Administration'];
const config = { access: 'admin' } as const;
const NOT_FOUND = errorResponse('Commande introuvable');
const moveResponse = (refused: string) => ({ 200: OrderResponseSchema, 400: errorResponse(refused) });

/** The admin's side of the order lifecycle (docs/http-api.md), under /api/admin/orders. */
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
      config,
      schema: {
        tags,
        operationId: 'adminValidateOrder',
        summary: 'Valider une commande (CREE → VALIDEE)',
        body: OrderIdBodySchema,
        response: moveResponse('Commande introuvable ou mauvais statut.'),
      },
    },
    async (request) => toOrderResponse(await orders.validate(request.body.order_id)),
  );

  app.post(
    '/orders/ship',
    {
      config,
      schema: {
        tags,
        operationId: 'adminShipOrder',
        summary: 'Expédier une commande payée',
        body: ShipBodySchema,
        response: { ...moveResponse('La commande doit être payée pour être expédiée.'), 404: NOT_FOUND },
      },
    },
    async (request) => toOrderResponse(await orders.ship(request.body.order_id, request.body.carrier)),
  );

  app.post(
    '/orders/deliver',
    {
      config,
      schema: {
        tags,
        operationId: 'adminDeliverOrder',
        summary: 'Marquer une commande livrée',
        body: OrderIdBodySchema,
        response: { ...moveResponse('Commande non expédiée.'), 404: NOT_FOUND },
      },
    },
    async (request) => toOrderResponse(await orders.deliver(request.body.order_id)),
  );

  app.post(
    '/orders/refund',
    {
      config,
      schema: {
        tags,
        operationId: 'adminRefundOrder',
        summary: 'Rembourser tout ou partie du paiement',
        body: RefundBodySchema,
        response: {
          ...moveResponse(
            'Remboursement non autorisé au statut actuel. ; Aucun paiement initial. ; Montant de remboursement invalide.',
          ),
          404: NOT_FOUND,
          409: errorResponse('Paiement en cours pour cette commande, réessayez dans un instant.'),
        },
      },
    },
    async (request) =>
      toOrderResponse(await payments.refund(request.body.order_id, request.body.amount_cents)),
  );
};
