import {
  type FailureWindow,
  LOGIN_FAILURE_KEEP_MS,
  type LoginAttemptRepository,
} from '../login-attempt.repository.js';
import { sweepMap } from './sweep.js';

export class MemoryLoginAttemptRepository implements LoginAttemptRepository {
  private readonly failures = new Map<string, number[]>();

  async failuresSince(key: string, since: number, windowMs: number): Promise<FailureWindow> {
    const recent = (this.failures.get(key) ?? []).filter((at) => at > since);
    const oldest = recent[0];
    return { count: recent.length, oldestExpiresAt: oldest === undefined ? null : oldest + windowMs };
  }

  async recordFailure(key: string, at: number): Promise<void> {
    const list = this.failures.get(key) ?? [];
    list.push(at);
    this.failures.set(
      key,
      list.filter((t) => t > at - LOGIN_FAILURE_KEEP_MS),
    );
  }

  async clear(key: string): Promise<void> {
    this.failures.delete(key);
  }

  /** A key goes once its latest failure is past keeping. */
  async sweepExpired(now: number, limit: number): Promise<number> {
    return sweepMap(this.failures, (list) => (list.at(-1) ?? 0) <= now - LOGIN_FAILURE_KEEP_MS, limit);
  }
}
