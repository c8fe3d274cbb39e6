import type { FastifyInstance, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import type { Actor } from '../shared/actor.js';
import { Errors } from '../shared/error-catalog.js';

/** Who may call a route. Every `/api` route must say, so none is left open by omission. */
export type Access = 'public' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** What the guard needs of the auth domain: the actor a bearer token stands for. */
export interface Authenticator {
  authenticate(token: string): Promise<Actor>;
}

const BEARER_SECURITY = [{ bearerAuth: [] }];

function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw Errors.tokenMissing();
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2 || parts[0]?.toLowerCase() !== 'bearer' || !parts[1]) throw Errors.tokenMalformed();
  return parts[1];
}

/** The caller on a route guarded by `access: 'user' | 'admin'`. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw Errors.tokenMissing();
  return request.actor;
}

/** The bearer token itself, for logout. */
export const tokenOf = (request: FastifyRequest): string => bearerToken(request.headers.authorization);

/**
 * Turns each route's `config.access` into an onRequest hook (so auth runs before the
 * body is parsed or validated) and into the OpenAPI security requirement. Registered
 * on the root instance before any route.
 */
export function installAuthGuard(app: FastifyInstance, auth: Authenticator): void {
  const authenticate: onRequestHookHandler = async (request) => {
    request.actor = await auth.authenticate(bearerToken(request.headers.authorization));
  };
  const requireAdmin: onRequestHookHandler = async (request) => {
    if (!request.actor?.isAdmin) throw Errors.adminRequired();
  };

  app.decorateRequest('actor', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    if (access === undefined && route.url.startsWith('/api')) {
      throw new Error(`Route ${route.method} ${route.url} must declare config.access`);
    }
    if (access !== 'user' && access !== 'admin') return;
    const existing = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest =
      access === 'admin' ? [authenticate, requireAdmin, ...existing] : [authenticate, ...existing];
    route.schema = { ...route.schema, security: BEARER_SECURITY };
  });
}
