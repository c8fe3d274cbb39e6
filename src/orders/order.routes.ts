import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth-guard.js';
import type { IdempotencyService } from '../platform/idempotency/idempotency.service.js';
import { sendIdempotent } from '../platform/idempotency/idempotency-reply.js';
import { IdParamsSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  CheckoutBodySchema,
  IdempotencyHeadersSchema,
  MyOrderPageResponseSchema,
  MyOrdersQuerySchema,
  OrderIdBodySchema,
  OrderResponseSchema,
  PayBodySchema,
  PaymentResponseSchema,
  toOrderResponse,
  toOrderWithCreditNotesResponse,
  toPaymentResponse,
} from './order.schemas.js';
import type { OrderService } from './order.service.js';
import type { PaymentService } from './payment.service.js';

const tags = ['Commandes'];
const access = 'user';
/** What an `Idempotency-Key` may answer (see sendIdempotent). */
const IDEMPOTENCY_ERRORS = [
  Errors.idempotencyKeyReused,
  Errors.idempotencyInProgress,
  Errors.idempotencyKeysExhausted,
];
/** What reading an order someone else owns, or no one, answers. */
const ACCESS_ERRORS = [Errors.orderForbidden, Errors.orderNotFound];

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
      config: {
        access,
        errors: [
          Errors.cartEmpty,
          Errors.checkoutProductUnavailable,
          Errors.checkoutStockInsufficient,
          Errors.emailNotVerified,
          ...IDEMPOTENCY_ERRORS,
        ],
      },
      schema: {
        tags,
        operationId: 'checkout',
        summary: 'Passer commande avec le panier (réserve le stock)',
        headers: IdempotencyHeadersSchema,
        body: CheckoutBodySchema,
        response: { 201: OrderResponseSchema },
      },
    },
    async (request, reply) => {
      await sendIdempotent(idempotency, request, reply, 'checkout', 201, async (sealWith) =>
        toOrderResponse(
          await orders.checkout(
            actorOf(request),
            request.body?.shipping_address ?? null,
            sealWith?.(toOrderResponse),
          ),
        ),
      );
    },
  );

  app.post(
    '/pay',
    {
      config: {
        access,
        errors: [
          Errors.orderNotPayable,
          Errors.cardExpired,
          Errors.paymentDeclined,
          ...ACCESS_ERRORS,
          Errors.paymentInProgress,
          ...IDEMPOTENCY_ERRORS,
        ],
      },
      schema: {
        tags,
        operationId: 'payOrder',
        summary: 'Payer une commande (passerelle simulée)',
        headers: IdempotencyHeadersSchema,
        body: PayBodySchema,
        response: { 200: PaymentResponseSchema },
      },
    },
    async (request, reply) => {
      await sendIdempotent(idempotency, request, reply, 'pay', 200, async (sealWith) => {
        const { order_id, card_number, exp_month, exp_year, cvc } = request.body;
        const card = { number: card_number, expMonth: exp_month, expYear: exp_year, cvc };
        return toPaymentResponse(
          await payments.pay(actorOf(request), order_id, card, sealWith?.(toPaymentResponse)),
        );
      });
    },
  );

  app.get(
    '/',
    {
      config: { access, errors: [Errors.cursorInvalid] },
      schema: {
        tags,
        operationId: 'listMyOrders',
        summary: "Lister ses commandes, une page à la fois (les plus anciennes d'abord)",
        querystring: MyOrdersQuerySchema,
        response: { 200: MyOrderPageResponseSchema },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const page = await orders.listMine(actorOf(request), {
        limit,
        ...(cursor !== undefined && { cursor }),
      });
      return { orders: page.orders.map(toOrderResponse), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/:id',
    {
      config: { access, errors: ACCESS_ERRORS },
      schema: {
        tags,
        operationId: 'getOrder',
        summary: 'Lire une commande',
        params: IdParamsSchema,
        response: { 200: OrderResponseSchema },
      },
    },
    async (request) => {
      const { order, creditNotes } = await orders.getWithCreditNotes(actorOf(request), request.params.id);
      return toOrderWithCreditNotesResponse(order, creditNotes);
    },
  );

  app.post(
    '/cancel',
    {
      config: {
        access,
        errors: [Errors.cancelTooLate, Errors.alreadyCancelled, ...ACCESS_ERRORS, Errors.paymentInProgress],
      },
      schema: {
        tags,
        operationId: 'cancelOrder',
        summary: 'Annuler une commande non expédiée',
        body: OrderIdBodySchema,
        response: { 200: OrderResponseSchema },
      },
    },
    async (request) => toOrderResponse(await orders.cancel(actorOf(request), request.body.order_id)),
  );
};
