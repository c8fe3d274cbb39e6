import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ProductListResponseSchema,
  ProductResponseSchema,
  toProductResponse,
} from '../schemas/catalog.schemas.js';
import { IdParamsSchema } from '../schemas/common.schemas.js';
import type { CatalogService } from '../services/catalog.service.js';

const tags = ['Catalogue'];

export const catalogRoutes: FastifyPluginAsyncZod<{ catalog: CatalogService }> = async (app, { catalog }) => {
  app.get(
    '/products',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Lister les produits actifs', response: { 200: ProductListResponseSchema } },
    },
    async () => ({ products: (await catalog.listActive()).map(toProductResponse) }),
  );

  app.get(
    '/products/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Lire un produit',
        params: IdParamsSchema,
        response: { 200: ProductResponseSchema },
      },
    },
    async (request) => toProductResponse(await catalog.getActive(request.params.id)),
  );
};
