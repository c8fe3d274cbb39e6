import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, IdParamsSchema } from '../platform/schemas.js';
import {
  CatalogQuerySchema,
  ProductListResponseSchema,
  ProductResponseSchema,
  toCatalogCriteria,
  toProductListResponse,
  toProductResponse,
} from './catalog.schemas.js';
import type { CatalogService } from './catalog.service.js';

const tags = ['Catalogue'];

export const catalogRoutes: FastifyPluginAsyncZod<{ catalog: CatalogService }> = async (app, { catalog }) => {
  app.get(
    '/products',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'listProducts',
        summary:
          'Chercher et lister les produits actifs (100 premiers, les plus anciens d’abord, par défaut)',
        querystring: CatalogQuerySchema,
        response: { 200: ProductListResponseSchema, 400: errorResponse('Curseur de pagination invalide.') },
      },
    },
    async (request) => toProductListResponse(await catalog.search(toCatalogCriteria(request.query))),
  );

  app.get(
    '/products/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'getProduct',
        summary: 'Lire un produit',
        params: IdParamsSchema,
        response: {
          200: ProductResponseSchema,
          404: errorResponse('Produit introuvable ; Produit non disponible (inactif)'),
        },
      },
    },
    async (request) => toProductResponse(await catalog.getActive(request.params.id)),
  );
};
