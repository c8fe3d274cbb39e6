import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LoginAttemptRepository } from '../platform/throttle/login-attempt.repository.js';
import type { Clock } from '../shared/clock.js';
import { TooManyRequestsError } from '../shared/errors.js';
import { normalizeEmail } from './user.js';

export interface LoginThrottleOptions {
  attempts: LoginAttemptRepository;
  clock: Clock;
  /** Login attempts allowed per address and email inside the window (a success clears them). */
  maxFailures: number;
  windowMs: number;
}

const tooManyAttempts = () =>
  new TooManyRequestsError('TOO_MANY_ATTEMPTS', 'Trop de tentatives, réessayez plus tard.');

/** One counter per (client address, email): an attacker cannot lock a victim out from elsewhere. */
function throttleKey(request: FastifyRequest): string {
  const body = request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? normalizeEmail(body.email) : '';
  return `login:${request.ip}:${email}`;
}

/**
 * @fastify/rate-limit over the login-attempt store: before the password is checked, each
 * attempt takes its slot with one atomic increment per (address, email), and the plugin
 * answers 429 with Retry-After once the slots of the window are gone. Because the slot is
 * taken first, a burst of concurrent guesses is counted as it arrives, not after scrypt
 * (issue 12). A 200 clears the key, so successful logins are never slowed. Registered
 * inside the scope that holds only the login route, so nothing else is counted.
 */
export async function registerLoginThrottle(
  scope: FastifyInstance,
  options: LoginThrottleOptions,
): Promise<void> {
  const { attempts, clock, windowMs } = options;

  class LoginAttemptStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    ): void {
      const now = clock.now();
      attempts.take(key, now, windowMs).then(
        ({ count, resetAt }) => callback(null, { current: count, ttl: Math.max(resetAt - now, 0) }),
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
    store: LoginAttemptStore,
    keyGenerator: throttleKey,
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    errorResponseBuilder: () => tooManyAttempts(),
  });

  // onSend, not onResponse: the key is cleared before the client hears its 200.
  scope.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode === 200) await attempts.clear(throttleKey(request));
    return payload;
  });
}
