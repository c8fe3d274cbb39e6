import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  CatalogQuerySchema,
  CategoryTreeResponseSchema,
  ProductListResponseSchema,
  ProductResponseSchema,
  toCatalogCriteria,
  toCategoryNodeResponse,
  toProductListResponse,
  toProductResponse,
} from './catalog.schemas.js';
import type { CatalogService } from './catalog.service.js';
import type { CategoryService } from './category.service.js';

const tags = ['Catalogue'];

interface CatalogRouteDeps {
  catalog: CatalogService;
  categories: CategoryService;
}

export const catalogRoutes: FastifyPluginAsyncZod<CatalogRouteDeps> = async (
  app,
  { catalog, categories },
) => {
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

  app.get(
    '/categories',
    {
      config: { access: 'public' },
      schema: {
        tags,
        operationId: 'listCategories',
        summary: 'L’arbre des catégories, avec le nombre de produits en vente dans chacune',
        response: { 200: CategoryTreeResponseSchema },
      },
    },
    async () => (await categories.tree()).map(toCategoryNodeResponse),
  );
};
