import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../schemas/common.schemas.js';
import type { ImageService } from '../services/image.service.js';

export const uploadRoutes: FastifyPluginAsyncZod<{ images: ImageService }> = async (app, { images }) => {
  app.get(
    '/:name',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Catalogue'],
        operationId: 'getUploadedImage',
        summary: 'Lire une image produit envoyée',
        params: z.object({ name: z.string().max(100).describe('<uuid>.<ext>, tel que rendu par l’envoi') }),
        produces: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
        response: {
          200: z.string().meta({ format: 'binary' }).describe('Les octets de l’image, avec leur type'),
          404: errorResponse('Image introuvable'),
        },
      },
    },
    async (request, reply) => {
      const { bytes, contentType } = await images.read(request.params.name);
      return (
        reply
          .header('content-type', contentType)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'public, max-age=86400, immutable')
          // Fastify sends a Buffer as it is (no serializer runs); the schema above only documents
          // those bytes as OpenAPI's binary string, hence the type seen here.
          .send(bytes as unknown as string)
      );
    },
  );
};
