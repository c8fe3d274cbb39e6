import etag from '@fastify/etag';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

/**
 * How long a browser or a CDN may reuse a public answer without asking again: the same bound
 * as the server's own caches, so what a client sees is at most this much older than the store.
 */
export const PUBLIC_MAX_AGE_SECONDS = 1;

/** No body: `null`, which the OpenAPI document shows as a response without content. */
const NOT_MODIFIED = z
  .null()
  .describe('Non modifié : la réponse gardée sous cet ETag (If-None-Match) reste valable ; corps vide');

/**
 * Registers `routes` in a scope of their own whose answers carry an `ETag` (a hash of the body)
 * and, when they succeed, `Cache-Control: public`; a request whose `If-None-Match` holds the
 * current ETag gets `304` with no body. Only for routes whose answer is the same for everyone.
 */
export function publiclyCached<Options extends object>(
  routes: FastifyPluginAsync<Options>,
  options: Options,
): FastifyPluginAsync {
  return async (scope: FastifyInstance) => {
    // The 304 is this scope's answer, so this scope declares it on each of its routes.
    scope.addHook('onRoute', (route) => {
      const response = (route.schema?.response ?? {}) as Record<string, unknown>;
      route.schema = { ...route.schema, response: { ...response, 304: NOT_MODIFIED } };
    });
    await scope.register(etag);
    scope.addHook('onSend', async (_request, reply) => {
      if (reply.statusCode === 200 || reply.statusCode === 304) {
        reply.header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
      }
    });
    await scope.register(routes, options);
  };
}
