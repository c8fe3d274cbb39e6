import { sweepMap } from '../../shared/sweep.js';
import type { AttemptSlot, LoginAttemptRepository } from './login-attempt.repository.js';

export class MemoryLoginAttemptRepository implements LoginAttemptRepository {
  private readonly windows = new Map<string, AttemptSlot>();

  /** Read, count and write with no await between them: one step of the event loop. */
  async take(key: string, now: number, windowMs: number): Promise<AttemptSlot> {
    const current = this.windows.get(key);
    const next =
      current === undefined || current.resetAt <= now
        ? { count: 1, resetAt: now + windowMs }
        : { count: current.count + 1, resetAt: current.resetAt };
    this.windows.set(key, next);
    return { ...next };
  }

  async clear(key: string): Promise<void> {
    this.windows.delete(key);
  }

  /** A key goes once its window has ended. */
  async sweepExpired(now: number, limit: number): Promise<number> {
    return sweepMap(this.windows, (slot) => slot.resetAt <= now, limit);
  }
}
