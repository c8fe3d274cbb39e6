import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Errors } from '../shared/error-catalog.js';
import type { ImageService } from './image.service.js';

/** A name is never reused for other bytes, so a browser or a CDN may keep an image for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** True when `If-None-Match` (a list, possibly weak, or `*`) names this ETag. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

export const uploadRoutes: FastifyPluginAsyncZod<{ images: ImageService }> = async (app, { images }) => {
  app.get(
    '/:name',
    {
      config: { access: 'public', errors: [Errors.imageNotFound] },
      schema: {
        tags: ['Catalogue'],
        operationId: 'getUploadedImage',
        summary: 'Lire une image produit envoyée (ETag ; 304 si If-None-Match correspond)',
        params: z.object({ name: z.string().max(100).describe('<uuid>.<ext>, tel que rendu par l’envoi') }),
        produces: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
        response: {
          200: z.string().meta({ format: 'binary' }).describe('Les octets de l’image, avec leur type'),
          304: z.null().describe('L’image n’a pas changé (If-None-Match) : pas de corps'),
        },
      },
    },
    async (request, reply) => {
      const { bytes, contentType, etag } = await images.read(request.params.name);
      reply.header('etag', etag).header('cache-control', IMMUTABLE);
      if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      return (
        reply
          .header('content-type', contentType)
          .header('x-content-type-options', 'nosniff')
          // Fastify sends a Buffer as it is (no serializer runs); the schema above only documents
          // those bytes as OpenAPI's binary string, hence the type seen here.
          .send(bytes as unknown as string)
      );
    },
  );
};
