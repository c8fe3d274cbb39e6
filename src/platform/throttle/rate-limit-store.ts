import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Clock } from '../../shared/clock.js';
import type { LoginAttemptRepository } from './login-attempt.repository.js';

type Counters = Pick<LoginAttemptRepository, 'take'>;

/** What @fastify/rate-limit passes a store: its settings, and for a route's child the route. */
interface StoreParams {
  timeWindow?: unknown;
  routeInfo?: { method?: unknown; url?: unknown };
}

/**
 * A @fastify/rate-limit store over the fixed-window counters of the login-attempt store
 * (table `login_attempts` with PostgreSQL, a Map in memory): one atomic increment per key
 * and window, so N instances on one database enforce one limit, not N. Keys are prefixed
 * (`rate:` and, for a route's own limit, its method and URL) so they never meet the login
 * throttle's `login:` keys. Swept with them by housekeeping.
 */
export function sharedRateLimitStore(counters: Counters, clock: Clock): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    private readonly windowMs: number;
    private readonly prefix: string;

    constructor(params: StoreParams, prefix = 'rate:global:') {
      // The plugin always hands a store its window in milliseconds.
      this.windowMs = typeof params.timeWindow === 'number' ? params.timeWindow : 60_000;
      this.prefix = prefix;
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void) {
      const now = clock.now();
      counters.take(this.prefix + key, now, this.windowMs).then(
        ({ count, resetAt }) => callback(null, { current: count, ttl: Math.max(resetAt - now, 0) }),
        (err: Error) => callback(err),
      );
    }

    child(routeOptions: object): FastifyRateLimitStore {
      const params = routeOptions as StoreParams;
      const route = `${String(params.routeInfo?.method)} ${String(params.routeInfo?.url)}`;
      return new SharedRateLimitStore(params, `rate:${route}:`);
    }
  }
  // The plugin's constructor type names its whole options object; this store reads two of its fields.
  return SharedRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
