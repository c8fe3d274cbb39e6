import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema, MessageResponseSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  NewShippingMethodBodySchema,
  ShippingMethodListResponseSchema,
  ShippingMethodPatchBodySchema,
  ShippingMethodResponseSchema,
  toNewShippingMethod,
  toShippingMethodList,
  toShippingMethodResponse,
  toShippingPatch,
} from './shipping.schemas.js';
import type { ShippingService } from './shipping.service.js';

const tags = ['Administration'];
const access = 'admin';

/** Shipping methods' CRUD, under /api/admin. */
export const adminShippingRoutes: FastifyPluginAsyncZod<{ shipping: ShippingService }> = async (
  app,
  { shipping },
) => {
  app.get(
    '/shipping-methods',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'adminListShippingMethods',
        summary: 'Lister tous les modes de livraison, inactifs compris',
        response: { 200: ShippingMethodListResponseSchema },
      },
    },
    async () => toShippingMethodList(await shipping.listAll()),
  );

  app.post(
    '/shipping-methods',
    {
      config: { access, errors: [Errors.shippingCodeTaken, Errors.shippingDefaultInactive] },
      schema: {
        tags,
        operationId: 'adminCreateShippingMethod',
        summary: 'Créer un mode de livraison (le premier devient le mode par défaut)',
        body: NewShippingMethodBodySchema,
        response: { 201: ShippingMethodResponseSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(toShippingMethodResponse(await shipping.create(toNewShippingMethod(request.body)))),
  );

  app.put(
    '/shipping-methods/:id',
    {
      config: {
        access,
        errors: [
          Errors.shippingMethodNotFound,
          Errors.shippingCodeTaken,
          Errors.shippingDefaultRequired,
          Errors.shippingDefaultInactive,
        ],
      },
      schema: {
        tags,
        operationId: 'adminUpdateShippingMethod',
        summary: 'Modifier un mode de livraison (is_default: true en fait le mode par défaut)',
        params: IdParamsSchema,
        body: ShippingMethodPatchBodySchema,
        response: { 200: ShippingMethodResponseSchema },
      },
    },
    async (request) =>
      toShippingMethodResponse(await shipping.update(request.params.id, toShippingPatch(request.body))),
  );

  app.delete(
    '/shipping-methods/:id',
    {
      config: { access, errors: [Errors.shippingMethodNotFound, Errors.shippingDefaultRequired] },
      schema: {
        tags,
        operationId: 'adminDeleteShippingMethod',
        summary: 'Supprimer un mode de livraison (pas le mode par défaut)',
        params: IdParamsSchema,
        response: { 200: MessageResponseSchema },
      },
    },
    async (request) => {
      await shipping.delete(request.params.id);
      return { message: 'Mode de livraison supprimé' };
    },
  );
};
