import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth-guard.js';
import { MessageResponseSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  AddToCartBodySchema,
  CartResponseSchema,
  ProductIdParamsSchema,
  RemoveFromCartBodySchema,
  SetCartItemBodySchema,
  toCartResponse,
} from './cart.schemas.js';
import type { CartService } from './cart.service.js';

const tags = ['Panier'];
const config = { access: 'user' } as const;
const response = { 200: CartResponseSchema };
/** What adding to or setting a line may refuse. */
const addConfig = {
  ...config,
  errors: [Errors.cartProductNotFound, Errors.cartProductInactive, Errors.cartStockInsufficient],
};

export const cartRoutes: FastifyPluginAsyncZod<{ cart: CartService }> = async (app, { cart }) => {
  app.get(
    '/',
    { config, schema: { tags, operationId: 'getCart', summary: 'Voir son panier (prix actuels)', response } },
    async (request) => toCartResponse(await cart.view(actorOf(request).userId)),
  );

  app.post(
    '/add',
    {
      config: addConfig,
      schema: {
        tags,
        operationId: 'addToCart',
        summary: 'Ajouter un produit au panier',
        body: AddToCartBodySchema,
        response,
      },
    },
    async (request) => {
      const { product_id, quantity } = request.body;
      return toCartResponse(await cart.add(actorOf(request).userId, product_id, quantity));
    },
  );

  app.post(
    '/remove',
    {
      config,
      schema: {
        tags,
        operationId: 'removeFromCart',
        summary: 'Retirer une quantité (0 retire la ligne)',
        body: RemoveFromCartBodySchema,
        response,
      },
    },
    async (request) => {
      const { product_id, quantity } = request.body;
      return toCartResponse(await cart.decrease(actorOf(request).userId, product_id, quantity));
    },
  );

  app.delete(
    '/remove/:product_id',
    {
      config,
      schema: {
        tags,
        operationId: 'removeCartLine',
        summary: 'Retirer une ligne du panier',
        params: ProductIdParamsSchema,
        response,
      },
    },
    async (request) =>
      toCartResponse(await cart.removeLine(actorOf(request).userId, request.params.product_id)),
  );

  app.put(
    '/items/:product_id',
    {
      config: addConfig,
      schema: {
        tags,
        operationId: 'setCartItem',
        summary: 'Fixer la quantité d’une ligne (0 la retire)',
        params: ProductIdParamsSchema,
        body: SetCartItemBodySchema,
        response,
      },
    },
    async (request) =>
      toCartResponse(
        await cart.setQuantity(actorOf(request).userId, request.params.product_id, request.body.quantity),
      ),
  );

  app.delete(
    '/clear',
    {
      config,
      schema: {
        tags,
        operationId: 'clearCart',
        summary: 'Vider le panier',
        response: { 200: MessageResponseSchema },
      },
    },
    async (request) => {
      await cart.clear(actorOf(request).userId);
      return { message: 'Panier vidé avec succès' };
    },
  );
};
