import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { normalizeEmail } from '../domain/user.js';
import type { LoginAttemptRepository } from '../repositories/login-attempt.repository.js';
import type { Clock } from '../shared/clock.js';
import { TooManyRequestsError } from '../shared/errors.js';

export interface LoginThrottleOptions {
  attempts: LoginAttemptRepository;
  clock: Clock;
  /** Failed logins allowed per address and email inside the window. */
  maxFailures: number;
  windowMs: number;
}

export const tooManyAttempts = () =>
  new TooManyRequestsError('TOO_MANY_ATTEMPTS', 'Trop de tentatives, réessayez plus tard.');

/** One counter per (client address, email): an attacker cannot lock a victim out from elsewhere. */
function throttleKey(request: FastifyRequest): string {
  const body = request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? normalizeEmail(body.email) : '';
  return `login:${request.ip}:${email}`;
}

/**
 * @fastify/rate-limit, with a store that counts only failed logins: the plugin asks
 * the store before each login (as if this attempt failed too) and answers 429 with
 * Retry-After once the failures reach the limit; an onSend hook records a 401
 * as a failure and clears the count on success. Registered inside the scope that
 * holds only the login route, so nothing else is counted.
 */
export async function registerLoginThrottle(
  scope: FastifyInstance,
  options: LoginThrottleOptions,
): Promise<void> {
  const { attempts, clock, windowMs } = options;

  class FailedLoginStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    ): void {
      const now = clock.now();
      attempts.failuresSince(key, now - windowMs, windowMs).then(
        ({ count, oldestExpiresAt }) =>
          callback(null, { current: count + 1, ttl: (oldestExpiresAt ?? now + windowMs) - now }),
        (err: Error) => callback(err),
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  }

  await scope.register(rateLimit, {
    global: true,
    // The email is in the body, so the check runs once it is parsed and validated.
    hook: 'preHandler',
    max: options.maxFailures,
    timeWindow: windowMs,
    store: FailedLoginStore,
    keyGenerator: throttleKey,
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    errorResponseBuilder: () => tooManyAttempts(),
  });

  // onSend, not onResponse: the failure is stored before the client hears the 401, so its
  // next attempt always sees it, whatever the store's latency.
  scope.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 401) await attempts.recordFailure(throttleKey(request), clock.now());
    else if (reply.statusCode === 200) await attempts.clear(throttleKey(request));
    return payload;
  });
}
