/** Source of the current time in epoch milliseconds; injected so tests can move time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: token expiry and idempotency windows become testable. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 15, 10, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(epochMs: number): void {
    this.current = epochMs;
  }
}

export const toEpochSeconds = (epochMs: number): number => epochMs / 1000;
