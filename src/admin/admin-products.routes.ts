import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProductResponseSchema, toProductResponse } from '../catalog/catalog.schemas.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { ImageService } from '../catalog/image.service.js';
import { MULTIPART_LIMITS, readSingleFile } from '../platform/multipart.js';
import { errorResponse, IdParamsSchema } from '../platform/schemas.js';
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
const config = { access: 'admin' } as const;
const response = { 200: ProductResponseSchema, 404: errorResponse('Produit introuvable') };
const stockResponse = { ...response, 400: errorResponse("Le champ 'stock' ou 'stock_qty' est requis") };

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
      config,
      schema: {
        tags,
        operationId: 'adminCreateProduct',
        summary: 'Créer un produit',
        body: ProductFieldsSchema,
        response: {
          201: ProductResponseSchema,
          400: errorResponse("Le champ 'name' est requis ; Le champ 'price' ou 'price_cents' est requis"),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toProductResponse(await catalog.createFromInput(toProductInput(request.body)))),
  );

  app.put(
    '/products/stock',
    {
      config,
      schema: {
        tags,
        operationId: 'adminSetStockById',
        summary: "Fixer le stock d'un produit (product_id dans le corps)",
        body: StockWithIdBodySchema,
        response: stockResponse,
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
      config,
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
      config,
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
      config,
      schema: {
        tags,
        operationId: 'adminSetStock',
        summary: "Fixer le stock d'un produit",
        params: IdParamsSchema,
        body: StockBodySchema,
        response: stockResponse,
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
      config,
      schema: {
        tags,
        operationId: 'adminUploadImage',
        summary: 'Envoyer une image produit (multipart, champ file ; PNG, JPEG, GIF ou WebP)',
        consumes: ['multipart/form-data'],
        response: {
          200: UploadResponseSchema,
          400: errorResponse(
            "Le fichier doit être une image ; Le champ 'file' est requis ; En-tête Content-Type multipart sans paramètre 'boundary'",
          ),
          413: errorResponse(
            'Fichier trop volumineux ; Un seul fichier par envoi ; Trop de champs dans le formulaire (10 au plus) ; Trop de parties dans le formulaire (20 au plus)',
          ),
          415: errorResponse('Envoyez le fichier en multipart/form-data'),
        },
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
