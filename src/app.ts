import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type RouteOptions,
} from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminCatalogRoutes } from './admin/admin-catalog.routes.js';
import { adminEmailRoutes } from './admin/admin-emails.routes.js';
import { adminOrderRoutes } from './admin/admin-orders.routes.js';
import { adminProductRoutes } from './admin/admin-products.routes.js';
import { adminSupportRoutes } from './admin/admin-support.routes.js';
import { accountRoutes } from './auth/account.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { cartRoutes } from './cart/cart.routes.js';
import { catalogRoutes } from './catalog/catalog.routes.js';
import { uploadRoutes } from './catalog/upload.routes.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { legalRoutes } from './legal/legal.routes.js';
import { orderRoutes } from './orders/order.routes.js';
import { installAuthGuard } from './platform/auth-guard.js';
import { toHttpError } from './platform/error-mapping.js';
import { frenchClientErrorHandler } from './platform/framework-errors.js';
import { installHousekeeping } from './platform/housekeeping.js';
import { installJsonParser } from './platform/json-parser.js';
import { installLoadShedding } from './platform/load-shedding.js';
import { createLogger } from './platform/logger.js';
import { metricsRoutes } from './platform/metrics/metrics.routes.js';
import { installRequestMetrics } from './platform/metrics/request-metrics.js';
import { rejectNulCharacters } from './platform/nul-guard.js';
import { installRouteDocumentation, swaggerOptions } from './platform/openapi.js';
import { platformRoutes } from './platform/platform.routes.js';
import { publiclyCached } from './platform/public-caching.js';
import { installSecurityHeaders } from './platform/security-headers.js';
import { compiledSerializerCompiler } from './platform/serializer.js';
import { serverTimeouts } from './platform/server-timeouts.js';
import { sharedRateLimitStore } from './platform/throttle/rate-limit-store.js';
import { adminPromotionRoutes } from './promotions/admin-promotions.routes.js';
import { Errors } from './shared/error-catalog.js';
import { adminShippingRoutes } from './shipping/admin-shipping.routes.js';
import { shippingRoutes } from './shipping/shipping.routes.js';
import { supportRoutes } from './support/support.routes.js';

interface AppInstrumentation {
  /** Called for every route as it is registered: lets tests and tools enumerate what the app serves. */
  onRoute?: (route: RouteOptions) => void;
  /** Where the app logs (main.ts hands it the one its stores log to); one made from the config otherwise. */
  logger?: FastifyBaseLogger;
}

// zod's messages reach clients in 422 answers: French, like every other message of the API.
// The setting is global to zod, so it is made once, when this module loads.
z.config(z.locales.fr());

const BODY_LIMIT_BYTES = 1024 * 1024;
const DOCS_PREFIX = '/docs';

/**
 * Fastify's `trustProxy` takes a hop count at run time but its types do not: a count of n
 * trusts the n addresses nearest the server, which is what this function says.
 */
function trustProxySetting(
  trust: Config['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * A fresh Fastify instance over a context built by createAppContext (which holds the
 * config, the stores and the services); never listens, so tests use inject().
 */
export async function buildApp(
  ctx: AppContext,
  instrumentation: AppInstrumentation = {},
): Promise<FastifyInstance> {
  const { config, services } = ctx;

  const app = Fastify({
    loggerInstance: instrumentation.logger ?? createLogger(config),
    // Behind a load balancer, request.ip (per-address limits, logs) is the client's, not the proxy's.
    trustProxy: trustProxySetting(config.trustProxy),
    bodyLimit: BODY_LIMIT_BYTES,
    // Slow clients: head and body within the configured timeouts, checked every second.
    ...serverTimeouts(config),
    routerOptions: { ignoreTrailingSlash: true },
    // Malformed URLs and oversized headers get the same French {detail} as every other error.
    frameworkErrors: (err, _request, reply) => {
      const httpError = toHttpError(err);
      // The reply's generic type knows no route schema here; any status and body are allowed.
      (reply as FastifyReply).code(httpError.statusCode).headers(httpError.headers).send(httpError.body);
    },
    clientErrorHandler: frenchClientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(compiledSerializerCompiler);
  installJsonParser(app);
  rejectNulCharacters(app);

  app.setErrorHandler((err, request, reply) => {
    const httpError = toHttpError(err);
    if (httpError.isServerFault) request.log.error({ err }, 'request failed');
    else if (httpError.isClientAbort) request.log.info('client closed the request before its end');
    // A connection already gone (the client left, or a timeout cut it with its 408) has no one
    // to answer: nothing is sent, rather than an answer no client could read.
    if (httpError.isClientAbort && request.raw.socket.destroyed) return reply.hijack();
    return reply.code(httpError.statusCode).headers(httpError.headers).send(httpError.body);
  });
  // Unknown route or method. The original said `Not Found`; this API speaks French everywhere.
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(toHttpError(Errors.notFound()).body));

  // Operations (issue 28): shed load before any work, time every answer for /metrics.
  const pressure = await installLoadShedding(app, config.loadShedding);
  if (pressure) ctx.metrics.watchPressure(pressure);
  installRequestMetrics(app, ctx.metrics);

  await app.register(cors, {
    origin: config.corsOrigins,
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
  });

  installSecurityHeaders(app, DOCS_PREFIX);

  const limits = config.rateLimit;
  if (limits.globalMax > 0 || limits.registerMax > 0) {
    // Off by default: shoppers behind one NAT share an address, and benchmarks send thousands of requests.
    // Counted in the store (the database when configured), so every instance enforces one limit.
    await app.register(rateLimit, {
      store: sharedRateLimitStore(ctx.repos.loginAttempts, ctx.clock),
      global: limits.globalMax > 0,
      max: limits.globalMax,
      timeWindow: limits.windowSeconds * 1000,
      errorResponseBuilder: () => Errors.rateLimited(),
    });
  }
  await app.register(swagger, swaggerOptions);
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installAuthGuard(app, services.auth);
  installRouteDocumentation(app);
  const { onRoute } = instrumentation;
  if (onRoute) app.addHook('onRoute', onRoute);

  await app.register(platformRoutes, { isReady: () => ctx.isReady() });
  if (config.metricsToken)
    await app.register(metricsRoutes, { metrics: ctx.metrics, token: config.metricsToken });
  await app.register(authRoutes, {
    prefix: '/api/auth',
    auth: services.auth,
    loginThrottle: {
      attempts: ctx.repos.loginAttempts,
      clock: ctx.clock,
      maxFailures: limits.loginMax,
      windowMs: limits.loginWindowSeconds * 1000,
    },
    registerLimit:
      limits.registerMax > 0
        ? { max: limits.registerMax, timeWindow: limits.windowSeconds * 1000 }
        : undefined,
  });
  await app.register(accountRoutes, {
    prefix: '/api/auth',
    accounts: services.accounts,
    throttle: {
      attempts: ctx.repos.loginAttempts,
      clock: ctx.clock,
      max: config.mailRateLimit.max,
      windowMs: config.mailRateLimit.windowMs,
    },
  });
  await app.register(
    publiclyCached(catalogRoutes, { catalog: services.catalog, categories: services.categories }),
    {
      prefix: '/api/catalog',
    },
  );
  await app.register(cartRoutes, { prefix: '/api/cart', cart: services.cart });
  await app.register(orderRoutes, {
    prefix: '/api/orders',
    orders: services.orders,
    payments: services.payments,
    idempotency: services.idempotency,
  });
  await app.register(supportRoutes, { prefix: '/api/support', support: services.support });
  await app.register(adminOrderRoutes, {
    prefix: '/api/admin',
    orders: services.orders,
    payments: services.payments,
    idempotency: services.idempotency,
  });
  await app.register(adminProductRoutes, {
    prefix: '/api/admin',
    catalog: services.catalog,
    images: services.images,
    stats: services.stats,
    maxUploadBytes: config.maxUploadBytes,
  });
  await app.register(adminCatalogRoutes, {
    prefix: '/api/admin',
    catalog: services.catalog,
    categories: services.categories,
  });
  await app.register(adminSupportRoutes, { prefix: '/api/admin', support: services.support });
  await app.register(adminEmailRoutes, { prefix: '/api/admin', outbox: services.mail.admin });
  await app.register(uploadRoutes, { prefix: '/api/uploads', images: services.images });
  await app.register(legalRoutes, { prefix: '/api', legal: services.legal });
  // issue 25
  await app.register(shippingRoutes, { prefix: '/api/shipping', shipping: services.shipping });
  await app.register(adminShippingRoutes, { prefix: '/api/admin', shipping: services.shipping });
  await app.register(adminPromotionRoutes, { prefix: '/api/admin', promotions: services.promotions });

  installHousekeeping(app, services.housekeeping);
  app.addHook('onReady', async () => services.mail.worker.start(app.log));
  app.addHook('onClose', async () => ctx.close());

  return app;
}
