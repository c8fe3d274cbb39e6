import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { Errors } from '../shared/error-catalog.js';
import { type HttpError, toHttpError } from './error-mapping.js';
import type { PressureReadings } from './metrics/metrics.js';

/**
 * What an orchestrator and an operator must reach however loaded the instance is: liveness,
 * readiness (the stores' own check) and the metrics that show the load.
 */
/** How often the plugin samples the event-loop delay and the heap. */
const SAMPLE_INTERVAL_MS = 500;

type PressureHandler = NonNullable<Parameters<typeof underPressure>[1]['pressureHandler']>;

export const NEVER_SHED: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

/**
 * Load shedding with @fastify/under-pressure (issue 28): past the configured event-loop delay
 * or heap in use, a request is answered at once with 503 `OVERLOADED` and `Retry-After`, before
 * any work, so an overloaded instance sheds what it cannot serve instead of slowing everyone.
 * The answer is sent here, not thrown: a shed request costs no error log and no stack.
 * Returns the plugin's readings for /metrics, or nothing when both limits are off.
 */
export async function installLoadShedding(
  app: FastifyInstance,
  limits: Config['loadShedding'],
): Promise<PressureReadings | undefined> {
  if (limits.maxEventLoopDelayMs === 0 && limits.maxHeapUsedBytes === 0) return undefined;
  const { statusCode, body } = toHttpError(Errors.overloaded());
  // The plugin's first samples cover the app's own start (routes and schemas compiled, the
  // listen): a delay that says nothing of the traffic. Shedding starts once a whole sample has
  // passed after the app is ready, so a fresh instance does not refuse its first requests.
  let armedAt = Number.POSITIVE_INFINITY;
  app.addHook('onReady', async () => {
    armedAt = performance.now() + 2 * SAMPLE_INTERVAL_MS;
  });
  // The plugin sends what the handler returns (nothing: the request goes on), though its
  // types say the handler returns nothing.
  const shed = (request: FastifyRequest, reply: FastifyReply): HttpError['body'] | undefined => {
    if (NEVER_SHED.has(request.routeOptions.url ?? '') || performance.now() < armedAt) return undefined;
    reply.code(statusCode).header('retry-after', String(limits.retryAfterSeconds));
    return body;
  };
  await app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxHeapUsedBytes: limits.maxHeapUsedBytes,
    retryAfter: limits.retryAfterSeconds,
    // A spike is seen, and over, within a sample.
    sampleInterval: SAMPLE_INTERVAL_MS,
    pressureHandler: shed as unknown as PressureHandler,
  });
  return {
    eventLoopDelayMs: () => app.memoryUsage().eventLoopDelay,
    heapUsedBytes: () => app.memoryUsage().heapUsed,
  };
}
