import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ProductResponseSchema,
  toAdminProductResponse as toProductResponse,
} from '../catalog/catalog.schemas.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { ImageService } from '../catalog/image.service.js';
import { MULTIPART_ERRORS } from '../platform/framework-errors.js';
import { MULTIPART_LIMITS, readSingleFile } from '../platform/multipart.js';
import { IdParamsSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  ProductFieldsSchema,
  ProductUpdateWithIdSchema,
  StatsResponseSchema,
  StockBodySchema,
  StockWithIdBodySchema,
  toProductInput,
  toStatsResponse,
  UploadResponseSchema,
} from './admin.schemas.js';
import type { StatsService } from './stats.service.js';

const tags = ['Administration'];
const access = 'admin';
const config = { access } as const;
const response = { 200: ProductResponseSchema };
const updateConfig = {
  access,
  errors: [Errors.productNotFound, Errors.categoryUnknown, Errors.variantRequired],
} as const;
const stockConfig = {
  access,
  errors: [Errors.productNotFound, Errors.stockRequired, Errors.variantRequired],
} as const;

interface AdminProductDeps {
  catalog: CatalogService;
  images: ImageService;
  stats: StatsService;
  maxUploadBytes: number;
}

/** Products, images and the dashboard numbers, under /api/admin. */
export const adminProductRoutes: FastifyPluginAsyncZod<AdminProductDeps> = async (app, deps) => {
  const { catalog, images, stats, maxUploadBytes } = deps;
  await app.register(multipart, { limits: { fileSize: maxUploadBytes, ...MULTIPART_LIMITS } });

  app.get(
    '/products',
    {
      config,
      schema: {
        tags,
        operationId: 'adminListProducts',
        summary: 'Lister tous les produits (tableau nu)',
        response: { 200: z.array(ProductResponseSchema) },
      },
    },
    async () => (await catalog.listAll()).map(toProductResponse),
  );

  app.post(
    '/products',
    {
      config: {
        access,
        errors: [
          Errors.productNameRequired,
          Errors.productPriceRequired,
          Errors.productOptionsInvalid,
          Errors.variantsRequired,
          Errors.variantOptionsInvalid,
          Errors.skuTaken,
          Errors.combinationTaken,
          Errors.categoryUnknown,
        ],
      },
      schema: {
        tags,
        operationId: 'adminCreateProduct',
        summary: 'Créer un produit (avec ses options, ses déclinaisons et ses catégories)',
        body: ProductFieldsSchema,
        response: { 201: ProductResponseSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toProductResponse(await catalog.createFromInput(toProductInput(request.body)))),
  );

  app.put(
    '/products/stock',
    {
      config: stockConfig,
      schema: {
        tags,
        operationId: 'adminSetStockById',
        summary: "Fixer le stock d'un produit (product_id dans le corps)",
        body: StockWithIdBodySchema,
        response,
      },
    },
    async (request) =>
      toProductResponse(
        await catalog.setStock(request.body.product_id, request.body.stock_qty ?? request.body.stock),
      ),
  );

  app.put(
    '/products',
    {
      config: updateConfig,
      schema: {
        tags,
        operationId: 'adminUpdateProductById',
        deprecated: true,
        summary: 'Modifier un produit (product_id dans le corps ; préférer PUT /products/{id})',
        body: ProductUpdateWithIdSchema,
        response,
      },
    },
    async (request) =>
      toProductResponse(await catalog.update(request.body.product_id, toProductInput(request.body))),
  );

  app.put(
    '/products/:id',
    {
      config: updateConfig,
      schema: {
        tags,
        operationId: 'adminUpdateProduct',
        summary: 'Modifier un produit',
        params: IdParamsSchema,
        body: ProductFieldsSchema,
        response,
      },
    },
    async (request) =>
      toProductResponse(await catalog.update(request.params.id, toProductInput(request.body))),
  );

  app.put(
    '/products/:id/stock',
    {
      config: stockConfig,
      schema: {
        tags,
        operationId: 'adminSetStock',
        summary: "Fixer le stock d'un produit",
        params: IdParamsSchema,
        body: StockBodySchema,
        response,
      },
    },
    async (request) =>
      toProductResponse(
        await catalog.setStock(request.params.id, request.body.stock_qty ?? request.body.stock),
      ),
  );

  app.post(
    '/upload-image',
    {
      config: {
        access,
        errors: [Errors.notAnImage, Errors.fileMissing, Errors.multipartBoundaryMissing, ...MULTIPART_ERRORS],
      },
      schema: {
        tags,
        operationId: 'adminUploadImage',
        summary: 'Envoyer une image produit (multipart, champ file ; PNG, JPEG, GIF ou WebP)',
        consumes: ['multipart/form-data'],
        response: { 200: UploadResponseSchema },
      },
    },
    async (request) => {
      return { image_url: await images.upload(await readSingleFile(request)) };
    },
  );

  app.get(
    '/stats',
    {
      config,
      schema: {
        tags,
        operationId: 'adminStats',
        summary: 'Chiffres du tableau de bord',
        response: { 200: StatsResponseSchema },
      },
    },
    async () => toStatsResponse(await stats.compute()),
  );
};
