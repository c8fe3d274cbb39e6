import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, onSendHookHandler } from 'fastify';
import { z } from 'zod';

/**
 * How long a browser or a CDN may reuse a public answer without asking again: the same bound
 * as the server's own caches, so what a client sees is at most this much older than the store.
 */
const PUBLIC_MAX_AGE_SECONDS = 1;
const CACHE_CONTROL = `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`;

/** No body: `null`, which the OpenAPI document shows as a response without content. */
const NOT_MODIFIED = z
  .null()
  .describe('Non modifié : la réponse gardée sous cet ETag (If-None-Match) reste valable ; corps vide');

/** True when an `If-None-Match` header (one tag, a list, or `*`) holds `tag`, weak or strong. */
function matches(ifNoneMatch: string, tag: string): boolean {
  if (ifNoneMatch === tag || ifNoneMatch === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === tag;
  });
}

/**
 * The last body answered at each URL and its tag. Comparing a body with the last one is a memory
 * compare, several times cheaper than hashing it, and most answers repeat the last one; a changed
 * body is hashed again, so a tag always belongs to the exact body it is sent with.
 */
const MAX_TAGGED_URLS = 256;

/** One synchronous hook: tags each successful answer, and answers 304 to a request that holds the tag. */
function answerTagger(): onSendHookHandler {
  const lastTagged = new Map<string, { payload: string; tag: string }>();
  const tagOf = (url: string, payload: string): string => {
    const last = lastTagged.get(url);
    if (last?.payload === payload) return last.tag;
    const tag = `"${hash('sha1', payload, 'base64')}"`;
    if (lastTagged.size >= MAX_TAGGED_URLS) lastTagged.clear();
    lastTagged.set(url, { payload, tag });
    return tag;
  };
  return (request, reply, payload, done) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string') return done(null, payload);
    const tag = tagOf(request.url, payload);
    reply.header('etag', tag).header('cache-control', CACHE_CONTROL);
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch !== undefined && matches(ifNoneMatch, tag)) {
      reply.code(304);
      return done(null, '');
    }
    done(null, payload);
  };
}

/**
 * Registers `routes` in a scope of their own whose successful answers carry an `ETag` and
 * `Cache-Control: public`, and whose `If-None-Match` requests get `304`. Only for routes whose
 * answer is the same for everyone.
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
    scope.addHook('onSend', answerTagger());
    await scope.register(routes, options);
  };
}
