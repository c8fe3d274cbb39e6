import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      // Swagger UI at /docs loads only same-origin scripts, but styles some elements inline
      // and shows a data: logo. No upgrade-insecure-requests: the server speaks plain HTTP locally.
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  // The SPA on another origin shows product images from /api/uploads in <img> tags.
  crossOriginResourcePolicy: { policy: 'cross-origin' },
};

/** Runs helmet once against a recording response and keeps the headers it would set. */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return headers;
}

/**
 * helmet's headers on every response. @fastify/helmet rebuilds helmet's middleware
 * (and re-parses the CSP) on every request, which cost a tenth of the server's CPU in
 * the benchmark; these headers never vary per request, so they are computed once.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = helmetHeaders(HELMET_OPTIONS);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
