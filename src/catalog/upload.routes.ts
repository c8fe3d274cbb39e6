import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Errors } from '../shared/error-catalog.js';
import type { ImageService } from './image.service.js';

/** A name is never reused for other bytes, so a browser or a CDN may keep an image for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * How long a picture's reader may take no byte at all before its connection is cut: a socket
 * that never reads would otherwise keep its part of the answer buffered until the client goes.
 * The timer is the socket's idle timeout, so every byte the client takes restarts it (Node also
 * grants one more period when the kernel took bytes since the write began: a cut comes 10 to 20 s
 * after the last progress); once the answer is sent, Node's keep-alive timeout replaces it.
 */
export const SEND_IDLE_TIMEOUT_MS = 10_000;

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
      const served = await images.serve(request.params.name, (etag) =>
        matches(request.headers['if-none-match'], etag),
      );
      reply.header('etag', served.etag).header('cache-control', IMMUTABLE);
      if (served.notModified) return reply.code(304).send(null);
      // A reader that takes no byte for this long is cut, so it keeps no socket buffer.
      reply.raw.setTimeout(SEND_IDLE_TIMEOUT_MS, () => reply.raw.destroy());
      return (
        reply
          .header('content-type', served.contentType)
          .header('x-content-type-options', 'nosniff')
          // Fastify sends a Buffer as it is (no serializer runs); the schema above only documents
          // those bytes as OpenAPI's binary string, hence the type seen here.
          .send(served.bytes as unknown as string)
      );
    },
  );
};
