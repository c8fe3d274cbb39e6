import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Errors } from '../../shared/error-catalog.js';
import type { Metrics } from './metrics.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** True when `authorization` is `Bearer <token>`; compared in constant time. */
function bears(authorization: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/**
 * GET /metrics on the app's port, for a scraper holding METRICS_TOKEN. Registered only when
 * the token is set: otherwise the path is unknown here (404), and METRICS_PORT, if set, serves it.
 */
export const metricsRoutes: FastifyPluginAsyncZod<{ metrics: Metrics; token: string }> = async (
  app,
  { metrics, token },
) => {
  app.get(
    '/metrics',
    {
      // Not a session: the auth guard leaves it alone, the token is checked below.
      config: { access: 'public', errors: [Errors.tokenMissing, Errors.tokenInvalid] },
      schema: {
        tags: ['Plateforme'],
        operationId: 'metrics',
        summary: 'Métriques Prometheus (Authorization: Bearer METRICS_TOKEN)',
        produces: ['text/plain'],
        response: {
          200: z.string().describe('Format texte de Prometheus').meta({
            example: '# TYPE shop_payments_total counter\nshop_payments_total{outcome="approved"} 3\n',
          }),
        },
      },
    },
    async (request, reply) => {
      const { authorization } = request.headers;
      if (!authorization) throw Errors.tokenMissing();
      if (!bears(authorization, token)) throw Errors.tokenInvalid();
      const text = await metrics.registry.metrics();
      // A Buffer goes out as it is: the schema above only documents the text.
      return reply.type(metrics.registry.contentType).send(Buffer.from(text) as unknown as string);
    },
  );
};
