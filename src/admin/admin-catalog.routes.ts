import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProductResponseSchema, toAdminProductResponse } from '../catalog/catalog.schemas.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { CategoryService } from '../catalog/category.service.js';
import { IdParamsSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  CategoryFieldsSchema,
  CategoryResponseSchema,
  CategoryUpdateSchema,
  toCategoryResponse,
  toVariantInput,
  VariantFieldsSchema,
  VariantStockBodySchema,
  VariantUpdateSchema,
} from './admin.schemas.js';

const access = 'admin';
const variantTags = ['Administration', 'Déclinaisons'];
const categoryTags = ['Administration', 'Catégories'];
const productResponse = { 200: ProductResponseSchema };

interface AdminCatalogDeps {
  catalog: CatalogService;
  categories: CategoryService;
}

/** Variants and the category tree, under /api/admin. */
export const adminCatalogRoutes: FastifyPluginAsyncZod<AdminCatalogDeps> = async (
  app,
  { catalog, categories },
) => {
  app.post(
    '/products/:id/variants',
    {
      config: {
        access,
        errors: [
          Errors.productNotFound,
          Errors.variantOptionsInvalid,
          Errors.skuTaken,
          Errors.combinationTaken,
        ],
      },
      schema: {
        tags: variantTags,
        operationId: 'adminAddVariant',
        summary: 'Ajouter une déclinaison à un produit',
        params: IdParamsSchema,
        body: VariantFieldsSchema,
        response: { 201: ProductResponseSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          toAdminProductResponse(await catalog.addVariant(request.params.id, toVariantInput(request.body))),
        ),
  );

  app.put(
    '/variants/:id',
    {
      config: { access, errors: [Errors.variantNotFound, Errors.skuTaken] },
      schema: {
        tags: variantTags,
        operationId: 'adminUpdateVariant',
        summary: 'Modifier une déclinaison (référence, prix, en vente ou non)',
        params: IdParamsSchema,
        body: VariantUpdateSchema,
        response: productResponse,
      },
    },
    async (request) => {
      const { sku, price_cents: priceCents, active } = request.body;
      return toAdminProductResponse(
        await catalog.updateVariant(request.params.id, { sku, priceCents, active }),
      );
    },
  );

  app.put(
    '/variants/:id/stock',
    {
      config: { access, errors: [Errors.variantNotFound] },
      schema: {
        tags: variantTags,
        operationId: 'adminSetVariantStock',
        summary: 'Fixer le stock d’une déclinaison',
        params: IdParamsSchema,
        body: VariantStockBodySchema,
        response: productResponse,
      },
    },
    async (request) =>
      toAdminProductResponse(await catalog.setVariantStock(request.params.id, request.body.stock)),
  );

  app.post(
    '/categories',
    {
      config: { access, errors: [Errors.slugTaken, Errors.categoryUnknown] },
      schema: {
        tags: categoryTags,
        operationId: 'adminCreateCategory',
        summary: 'Créer une catégorie',
        body: CategoryFieldsSchema,
        response: { 201: CategoryResponseSchema },
      },
    },
    async (request, reply) => {
      const { name, slug, parent_id: parentId, position } = request.body;
      return reply
        .code(201)
        .send(toCategoryResponse(await categories.create({ name, slug, parentId, position })));
    },
  );

  app.put(
    '/categories/:id',
    {
      config: {
        access,
        errors: [Errors.categoryNotFound, Errors.slugTaken, Errors.categoryUnknown, Errors.categoryCycle],
      },
      schema: {
        tags: categoryTags,
        operationId: 'adminUpdateCategory',
        summary: 'Modifier ou déplacer une catégorie',
        params: IdParamsSchema,
        body: CategoryUpdateSchema,
        response: { 200: CategoryResponseSchema },
      },
    },
    async (request) => {
      const { name, slug, parent_id: parentId, position } = request.body;
      return toCategoryResponse(
        await categories.update(request.params.id, { name, slug, parentId, position }),
      );
    },
  );

  app.delete(
    '/categories/:id',
    {
      config: {
        access,
        errors: [Errors.categoryNotFound, Errors.categoryHasChildren, Errors.categoryHasProducts],
      },
      schema: {
        tags: categoryTags,
        operationId: 'adminDeleteCategory',
        summary: 'Supprimer une catégorie vide (sans sous-catégorie ni produit)',
        params: IdParamsSchema,
        response: { 204: z.null().describe('Supprimée') },
      },
    },
    async (request, reply) => {
      await categories.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );
};
