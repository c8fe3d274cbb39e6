import type { ExpiringStore } from './expiring.js';

export interface FailureWindow {
  /** Failures inside the window. */
  count: number;
  /** When the oldest of them leaves the window (epoch ms); null when there are none. */
  oldestExpiresAt: number | null;
}

/** Failed logins per (address, email), so a brute force can be slowed without slowing anyone else. */
/** Failures older than this count for nothing and are swept. */
export const LOGIN_FAILURE_KEEP_MS = 60 * 60 * 1000;

export interface LoginAttemptRepository extends ExpiringStore {
  failuresSince(key: string, since: number, windowMs: number): Promise<FailureWindow>;
  recordFailure(key: string, at: number): Promise<void>;
  clear(key: string): Promise<void>;
}
