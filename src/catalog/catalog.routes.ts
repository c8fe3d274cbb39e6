import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
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
      config: { access: 'public', errors: [Errors.cursorInvalid] },
      schema: {
        tags,
        operationId: 'listProducts',
        summary:
          'Chercher et lister les produits actifs (100 premiers, les plus anciens d’abord, par défaut)',
        querystring: CatalogQuerySchema,
        response: { 200: ProductListResponseSchema },
      },
    },
    async (request) => toProductListResponse(await catalog.search(toCatalogCriteria(request.query))),
  );

  app.get(
    '/products/:id',
    {
      config: { access: 'public', errors: [Errors.productNotFound, Errors.productUnavailable] },
      schema: {
        tags,
        operationId: 'getProduct',
        summary: 'Lire un produit (404 s’il est inactif)',
        params: IdParamsSchema,
        response: { 200: ProductResponseSchema },
      },
    },
    async (request) => toProductResponse(await catalog.getActive(request.params.id)),
  );
};
