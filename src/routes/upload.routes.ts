import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ImageService } from '../services/image.service.js';

export const uploadRoutes: FastifyPluginAsyncZod<{ images: ImageService }> = async (app, { images }) => {
  app.get(
    '/:name',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Catalogue'],
        summary: 'Lire une image produit envoyée',
        params: z.object({ name: z.string().max(100) }),
      },
    },
    async (request, reply) => {
      const { bytes, contentType } = await images.read(request.params.name);
      return reply
        .header('content-type', contentType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=86400, immutable')
        .send(bytes);
    },
  );
};
