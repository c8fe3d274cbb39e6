import type { FastifyReply } from 'fastify';
import type { LoginAttemptRepository } from '../platform/throttle/login-attempt.repository.js';
import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';

export interface MailThrottleOptions {
  attempts: LoginAttemptRepository;
  clock: Clock;
  max: number;
  windowMs: number;
}

/**
 * Account mails asked for (a forgotten password, a verification resent), counted in the
 * shared throttle store under each of `keys` (the email, the client's address): past `max`
 * in a window under any of them, 429 with Retry-After. Every request takes its slots before
 * any work, known address or not, so the limit says nothing about which addresses exist.
 */
export function mailThrottle(options: MailThrottleOptions) {
  const { attempts, clock, max, windowMs } = options;
  return async (reply: FastifyReply, keys: string[]): Promise<void> => {
    const now = clock.now();
    let waitMs = 0;
    for (const key of keys) {
      const slot = await attempts.take(`mail:${key}`, now, windowMs);
      if (slot.count > max) waitMs = Math.max(waitMs, slot.resetAt - now);
    }
    if (waitMs > 0) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
      throw Errors.tooManyMailRequests();
    }
  };
}
