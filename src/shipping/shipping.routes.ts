import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ShippingMethodListResponseSchema, toShippingMethodList } from './shipping.schemas.js';
import type { ShippingService } from './shipping.service.js';

/** The methods a customer may choose, under /api/shipping (public). */
export const shippingRoutes: FastifyPluginAsyncZod<{ shipping: ShippingService }> = async (
  app,
  { shipping },
) => {
  app.get(
    '/methods',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Livraison'],
        operationId: 'listShippingMethods',
        summary: 'Lister les modes de livraison proposés (actifs)',
        response: { 200: ShippingMethodListResponseSchema },
      },
    },
    async () => toShippingMethodList(await shipping.listActive()),
  );
};
