import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';

/**
 * Every answer's time into the duration histogram, labelled by the route's pattern (never the
 * raw URL: ids would make a series each) and its status; unmatched paths share one label.
 */
export function installRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}
