import type { ServerOptions } from 'node:http';
import type { Config } from '../config.js';

/**
 * How often Node looks for requests past their timeouts. Node's default is 30 s, so a request
 * timeout of 30 s cut a dripping client only after 30 to 60 s (and the head, whose timeout
 * Fastify left at Node's 60 s, after up to 90 s): checking every second makes the timeouts
 * what the settings say, to within a second.
 */
const CHECK_EVERY_MS = 1000;

/**
 * The Fastify options that bound a slow client (issue 28): the whole request (head and body)
 * within `requestTimeoutMs` of its first byte, its head within `headersTimeoutMs`, both
 * answered 408 by the client-error handler. Fastify sets `requestTimeout` itself; the head's
 * timeout and the checking interval exist only as Node server options, passed through `http`.
 */
export function serverTimeouts(config: Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs'>): {
  requestTimeout: number;
  http: ServerOptions;
} {
  return {
    requestTimeout: config.requestTimeoutMs,
    http: {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      connectionsCheckingInterval: CHECK_EVERY_MS,
    },
  };
}
