import type { ExpiringStore } from '../../shared/expiring.js';

/** The state of one (address, email) window once an attempt has taken its slot. */
export interface AttemptSlot {
  /** Attempts taken inside the current window, this one included. */
  count: number;
  /** When the window ends and the count starts again from zero (epoch ms). */
  resetAt: number;
}

/**
 * Login attempts per (address, email), so a brute force can be slowed without slowing anyone
 * else. An attempt takes its slot before the password is checked, in one atomic step (one
 * synchronous step in memory, one statement in PostgreSQL), so a burst of concurrent guesses
 * cannot all pass a check made before any of them is counted. A success clears the key.
 */
export interface LoginAttemptRepository extends ExpiringStore {
  /**
   * Counts one attempt for `key`: a window that ended at or before `now` starts again at 1,
   * ending `windowMs` later; otherwise its count goes up by one, its end unchanged.
   */
  take(key: string, now: number, windowMs: number): Promise<AttemptSlot>;
  clear(key: string): Promise<void>;
}
