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
  VariantIdParamsSchema,
} from './cart.schemas.js';
import type { CartService } from './cart.service.js';

const tags = ['Panier'];
const config = { access: 'user' } as const;
const response = { 200: CartResponseSchema };
/** What adding to or setting a line may refuse. */
const addConfig = {
  ...config,
  errors: [
    Errors.cartProductNotFound,
    Errors.cartProductInactive,
    Errors.cartStockInsufficient,
    Errors.variantRequired,
    Errors.cartVariantNotFound,
    Errors.cartVariantInactive,
  ],
};
/** Naming a product with several lines in the cart asks for the variant. */
const byProductConfig = { ...config, errors: [Errors.variantRequired] };
const lineConfig = {
  ...config,
  errors: [
    Errors.cartVariantNotFound,
    Errors.cartVariantInactive,
    Errors.cartProductInactive,
    Errors.cartStockInsufficient,
  ],
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
      const { product_id, variant_id, quantity } = request.body;
      return toCartResponse(await cart.add(actorOf(request).userId, product_id, variant_id, quantity));
    },
  );

  app.post(
    '/remove',
    {
      config: byProductConfig,
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
      return toCartResponse(await cart.decreaseProduct(actorOf(request).userId, product_id, quantity));
    },
  );

  app.delete(
    '/remove/:product_id',
    {
      config: byProductConfig,
      schema: {
        tags,
        operationId: 'removeCartLine',
        summary: 'Retirer une ligne du panier',
        params: ProductIdParamsSchema,
        response,
      },
    },
    async (request) =>
      toCartResponse(await cart.removeProductLine(actorOf(request).userId, request.params.product_id)),
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
        await cart.setProductQuantity(
          actorOf(request).userId,
          request.params.product_id,
          request.body.quantity,
        ),
      ),
  );

  app.put(
    '/lines/:variant_id',
    {
      config: lineConfig,
      schema: {
        tags,
        operationId: 'setCartLine',
        summary: 'Fixer la quantité d’une déclinaison dans le panier (0 retire la ligne)',
        params: VariantIdParamsSchema,
        body: SetCartItemBodySchema,
        response,
      },
    },
    async (request) =>
      toCartResponse(
        await cart.setLineQuantity(actorOf(request).userId, request.params.variant_id, request.body.quantity),
      ),
  );

  app.delete(
    '/lines/:variant_id',
    {
      config,
      schema: {
        tags,
        operationId: 'removeCartVariantLine',
        summary: 'Retirer la ligne d’une déclinaison',
        params: VariantIdParamsSchema,
        response,
      },
    },
    async (request) =>
      toCartResponse(await cart.removeLine(actorOf(request).userId, request.params.variant_id)),
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
