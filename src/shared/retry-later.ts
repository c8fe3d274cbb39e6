/** How often failed cleanups are tried again, and how many are kept (the oldest go first past it). */
const RETRY_EVERY_MS = 1_000;
const MAX_PENDING = 10_000;

/**
 * Cleanups that must happen even when the store is briefly out: letting go of an
 * Idempotency-Key or a payment claim whose request has ended. Such a claim is held for as long
 * as its instance lives (issue 28), so a failed release would otherwise block the client's retry
 * until a restart. A cleanup that fails is tried again every second until it succeeds; each one
 * must be safe to repeat (they are conditional on their holder).
 */
export class RetryLater {
  private readonly pending = new Set<() => Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  /** Runs `cleanup` now; if it fails, keeps it and tries again later. Never throws. */
  async run(cleanup: () => Promise<void>): Promise<void> {
    try {
      await cleanup();
    } catch {
      this.keep(cleanup);
    }
  }

  /** How many cleanups wait for another try. */
  get waiting(): number {
    return this.pending.size;
  }

  private keep(cleanup: () => Promise<void>): void {
    if (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.values().next().value;
      if (oldest) this.pending.delete(oldest);
    }
    this.pending.add(cleanup);
    if (this.timer) return;
    // Unref'd: waiting cleanups never keep a stopping process alive.
    this.timer = setTimeout(() => void this.retry(), RETRY_EVERY_MS).unref();
  }

  private async retry(): Promise<void> {
    this.timer = undefined;
    const due = [...this.pending];
    this.pending.clear();
    for (const cleanup of due) await this.run(cleanup);
  }
}
