import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth-guard.js';
import type { IdempotencyService } from '../platform/idempotency/idempotency.service.js';
import { sendIdempotent } from '../platform/idempotency/idempotency-reply.js';
import { errorResponse, IdParamsSchema } from '../platform/schemas.js';
import {
  CheckoutBodySchema,
  IdempotencyHeadersSchema,
  InvoiceResponseSchema,
  OrderIdBodySchema,
  OrderListResponseSchema,
  OrderResponseSchema,
  PayBodySchema,
  PaymentResponseSchema,
  toInvoiceResponse,
  toOrderResponse,
  toPaymentResponse,
} from './order.schemas.js';
import type { OrderService } from './order.service.js';
import type { PaymentService } from './payment.service.js';

const tags = ['Commandes'];
const config = { access: 'user' } as const;
const IDEMPOTENCY_CONFLICT =
  "Clé d'idempotence déjà utilisée avec une autre requête. ; Une requête avec cette clé est déjà en cours";

interface OrderRouteDeps {
  orders: OrderService;
  payments: PaymentService;
  idempotency: IdempotencyService;
}

export const orderRoutes: FastifyPluginAsyncZod<OrderRouteDeps> = async (
  app,
  { orders, payments, idempotency },
) => {
  app.post(
    '/checkout',
    {
      config,
      schema: {
        tags,
        operationId: 'checkout',
        summary: 'Passer commande avec le panier (réserve le stock)',
        headers: IdempotencyHeadersSchema,
        body: CheckoutBodySchema,
        response: {
          201: OrderResponseSchema,
          400: errorResponse('Panier vide. ; Produit indisponible. ; Stock insuffisant pour {nom}.'),
          409: errorResponse(IDEMPOTENCY_CONFLICT),
        },
      },
    },
    async (request, reply) => {
      await sendIdempotent(idempotency, request, reply, 'checkout', 201, async () =>
        toOrderResponse(await orders.checkout(actorOf(request), request.body?.shipping_address ?? null)),
      );
    },
  );

  app.post(
    '/pay',
    {
      config,
      schema: {
        tags,
        operationId: 'payOrder',
        summary: 'Payer une commande (passerelle simulée)',
        headers: IdempotencyHeadersSchema,
        body: PayBodySchema,
        response: {
          200: PaymentResponseSchema,
          400: errorResponse(
            'Statut de commande incompatible avec le paiement. ; Carte expirée. ; Paiement refusé.',
          ),
          403: errorResponse('Accès non autorisé à cette commande'),
          404: errorResponse('Commande introuvable'),
          409: errorResponse(`${IDEMPOTENCY_CONFLICT} ; Paiement en cours pour cette commande`),
        },
      },
    },
    async (request, reply) => {
      await sendIdempotent(idempotency, request, reply, 'pay', 200, async () => {
        const { order_id, card_number, exp_month, exp_year, cvc } = request.body;
        const card = { number: card_number, expMonth: exp_month, expYear: exp_year, cvc };
        return toPaymentResponse(await payments.pay(actorOf(request), order_id, card));
      });
    },
  );

  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        operationId: 'listMyOrders',
        summary: 'Lister ses commandes',
        response: { 200: OrderListResponseSchema },
      },
    },
    async (request) => ({
      orders: (await orders.listMine(actorOf(request))).map(toOrderResponse),
    }),
  );

  app.get(
    '/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'getOrder',
        summary: 'Lire une commande',
        params: IdParamsSchema,
        response: {
          200: OrderResponseSchema,
          403: errorResponse('Accès non autorisé à cette commande'),
          404: errorResponse('Commande introuvable'),
        },
      },
    },
    async (request) => toOrderResponse(await orders.get(actorOf(request), request.params.id)),
  );

  app.get(
    '/:id/invoice',
    {
      config,
      schema: {
        tags,
        operationId: 'getInvoice',
        summary: "Lire la facture d'une commande payée",
        params: IdParamsSchema,
        response: {
          200: InvoiceResponseSchema,
          403: errorResponse('Accès non autorisé à cette commande'),
          404: errorResponse('Commande introuvable ; Facture introuvable (pas encore payée)'),
        },
      },
    },
    async (request) => toInvoiceResponse(await payments.getInvoice(actorOf(request), request.params.id)),
  );

  app.post(
    '/cancel',
    {
      config,
      schema: {
        tags,
        operationId: 'cancelOrder',
        summary: 'Annuler une commande non expédiée',
        body: OrderIdBodySchema,
        response: {
          200: OrderResponseSchema,
          400: errorResponse('Trop tard pour annuler : commande expédiée. ; Commande déjà annulée.'),
          403: errorResponse('Accès non autorisé à cette commande'),
          404: errorResponse('Commande introuvable'),
          409: errorResponse('Paiement en cours pour cette commande, réessayez dans un instant.'),
        },
      },
    },
    async (request) => toOrderResponse(await orders.cancel(actorOf(request), request.body.order_id)),
  );
};
