export interface FailureWindow {
  /** Failures inside the window. */
  count: number;
  /** When the oldest of them leaves the window (epoch ms); null when there are none. */
  oldestExpiresAt: number | null;
}

/** Failed logins per (address, email), so a brute force can be slowed without slowing anyone else. */
export interface LoginAttemptRepository {
  failuresSince(key: string, since: number, windowMs: number): Promise<FailureWindow>;
  recordFailure(key: string, at: number): Promise<void>;
  clear(key: string): Promise<void>;
}
