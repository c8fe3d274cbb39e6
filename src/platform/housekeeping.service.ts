import type { Clock } from '../shared/clock.js';
import type { ExpiringStore } from '../shared/expiring.js';

/** Rows removed per store per pass: a pass stays short however much has piled up. */
export const SWEEP_BATCH = 1_000;
export const SWEEP_INTERVAL_MS = 60_000;

interface HousekeepingDeps {
  /** Sessions, idempotency keys, login-attempt windows, unpaid orders: whatever expires. */
  stores: Record<string, ExpiringStore>;
  clock: Clock;
}

/**
 * Removes expired rows so a long-running server holds only live ones. Safe with several
 * instances on one database: each pass deletes rows that are expired whoever removes them.
 */
export class HousekeepingService {
  constructor(private readonly deps: HousekeepingDeps) {}

  /** One bounded pass over every store; returns how many rows each gave up. */
  async sweep(): Promise<Record<string, number>> {
    const now = this.deps.clock.now();
    const removed: Record<string, number> = {};
    for (const [name, store] of Object.entries(this.deps.stores)) {
      removed[name] = await store.sweepExpired(now, SWEEP_BATCH);
    }
    return removed;
  }
}
