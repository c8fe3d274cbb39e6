import type {
  BeginOutcome,
  IdempotencyRecord,
  IdempotencyRepository,
  StoredResponse,
} from '../idempotency.repository.js';

export class MemoryIdempotencyRepository implements IdempotencyRepository {
  private readonly byKey = new Map<string, IdempotencyRecord>();
  private claimsSinceSweep = 0;

  async begin(key: string, requestHash: string, now: number, expiresAt: number): Promise<BeginOutcome> {
    const existing = this.byKey.get(key);
    if (existing && existing.expiresAt > now) {
      const record = structuredClone(existing);
      return existing.response === null ? { state: 'in_progress', record } : { state: 'completed', record };
    }
    this.sweep(now);
    this.byKey.set(key, { key, requestHash, response: null, expiresAt });
    return { state: 'started' };
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    const record = this.byKey.get(key);
    if (record) record.response = structuredClone(response);
  }

  async abandon(key: string): Promise<void> {
    this.byKey.delete(key);
  }

  /** Drops expired keys every thousand claims, so the map does not grow without bound. */
  private sweep(now: number): void {
    this.claimsSinceSweep += 1;
    if (this.claimsSinceSweep < 1000) return;
    this.claimsSinceSweep = 0;
    for (const [key, record] of this.byKey) if (record.expiresAt <= now) this.byKey.delete(key);
  }
}
