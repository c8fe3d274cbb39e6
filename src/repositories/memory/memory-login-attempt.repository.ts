import type { FailureWindow, LoginAttemptRepository } from '../login-attempt.repository.js';

/** Above this many keys, expired ones are swept, so a flood of distinct emails cannot grow memory forever. */
const SWEEP_ABOVE_KEYS = 10_000;
const KEEP_MS = 60 * 60 * 1000;

export class MemoryLoginAttemptRepository implements LoginAttemptRepository {
  private readonly failures = new Map<string, number[]>();

  async failuresSince(key: string, since: number, windowMs: number): Promise<FailureWindow> {
    const recent = (this.failures.get(key) ?? []).filter((at) => at > since);
    const oldest = recent[0];
    return { count: recent.length, oldestExpiresAt: oldest === undefined ? null : oldest + windowMs };
  }

  async recordFailure(key: string, at: number): Promise<void> {
    if (this.failures.size > SWEEP_ABOVE_KEYS) this.sweep(at - KEEP_MS);
    const list = this.failures.get(key) ?? [];
    list.push(at);
    this.failures.set(
      key,
      list.filter((t) => t > at - KEEP_MS),
    );
  }

  async clear(key: string): Promise<void> {
    this.failures.delete(key);
  }

  private sweep(before: number): void {
    for (const [key, list] of this.failures) if ((list.at(-1) ?? 0) <= before) this.failures.delete(key);
  }
}
