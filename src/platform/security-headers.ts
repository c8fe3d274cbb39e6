import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** For the HTML pages (Swagger UI): helmet's full set. */
const DOCUMENT_OPTIONS: HelmetOptions = {
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

/**
 * For JSON answers: what OWASP's REST cheat sheet asks of an API (nosniff, HSTS, no
 * framing, a CSP that allows nothing). helmet's document-only headers (DNS prefetch,
 * download options, XSS auditor, COOP, referrer policy…) mean nothing to a JSON client,
 * and each header costs about 1 % of the catalogue's throughput (see BENCHMARKS.md).
 * No Cross-Origin-Resource-Policy: without one, the SPA on another origin may show
 * /api/uploads images in <img> tags.
 */
const API_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  xFrameOptions: { action: 'deny' },
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
 * helmet's headers on every response: the document set under `documentPrefix`, the
 * API set elsewhere. @fastify/helmet rebuilds helmet's middleware
 * (and re-parses the CSP) on every request, which cost a tenth of the server's CPU in
 * the benchmark; these headers never vary per request, so they are computed once.
 */
export function installSecurityHeaders(app: FastifyInstance, documentPrefix: string): void {
  const apiHeaders = helmetHeaders(API_OPTIONS);
  const documentHeaders = helmetHeaders(DOCUMENT_OPTIONS);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith(documentPrefix) ? documentHeaders : apiHeaders);
    done();
  });
}
