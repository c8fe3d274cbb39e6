import type { FastifyInstance } from 'fastify';
import { routeErrors } from '../../src/platform/openapi.js';

interface UndeclaredAnswer {
  method: string;
  route: string;
  status: number;
  /** Set when the status is declared but the error's code is not among the route's entries. */
  code?: string;
}

const undeclared: UndeclaredAnswer[] = [];

/** The `code` of an error body, if the payload is one. */
function errorCodeOf(payload: unknown): string | undefined {
  if (typeof payload !== 'string') return undefined;
  try {
    const body: unknown = JSON.parse(payload);
    return typeof body === 'object' && body !== null && 'code' in body && typeof body.code === 'string'
      ? body.code
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records every answer whose status its route does not declare in `schema.response`,
 * which is what /openapi.json publishes, and every error whose code is not among the
 * catalogue entries the route's documentation lists for that status. Installed on every
 * test app, so the whole suite, not a hand-kept list, decides what the document must show.
 */
export function auditDeclaredStatuses(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const { url, schema, method, config } = request.routeOptions;
    // Unknown routes (the not-found handler) and the documentation itself are not operations.
    if (url === undefined || schema?.hide) return payload;
    const route = { method: [method].flat().join(','), route: url, status: reply.statusCode };
    const declared = Object.keys((schema?.response as Record<string, unknown> | undefined) ?? {});
    if (!declared.includes(String(reply.statusCode))) undeclared.push(route);
    else if (reply.statusCode >= 400) {
      const code = errorCodeOf(payload);
      const listed = routeErrors({ method, url, config }).some(
        (entry) => entry.code === code && entry.statusCode === reply.statusCode,
      );
      if (code !== undefined && !listed) undeclared.push({ ...route, code });
    }
    return payload;
  });
}

/** The answers recorded since the last call. */
export const takeUndeclaredAnswers = (): UndeclaredAnswer[] => undeclared.splice(0);
