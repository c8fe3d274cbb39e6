import type { FastifyInstance } from 'fastify';

interface UndeclaredAnswer {
  method: string;
  route: string;
  status: number;
}

const undeclared: UndeclaredAnswer[] = [];

/**
 * Records every answer whose status its route does not declare in `schema.response`,
 * which is what /openapi.json publishes. Installed on every test app, so the whole suite,
 * not a hand-kept list, decides which statuses the document must show.
 */
export function auditDeclaredStatuses(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const { url, schema, method } = request.routeOptions;
    // Unknown routes (the not-found handler) and the documentation itself are not operations.
    if (url === undefined || schema?.hide) return;
    const declared = Object.keys((schema?.response as Record<string, unknown> | undefined) ?? {});
    if (!declared.includes(String(reply.statusCode))) {
      undeclared.push({ method: [method].flat().join(','), route: url, status: reply.statusCode });
    }
  });
}

/** The answers recorded since the last call. */
export const takeUndeclaredAnswers = (): UndeclaredAnswer[] => undeclared.splice(0);
