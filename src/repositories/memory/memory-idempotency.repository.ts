import type {
  BeginOutcome,
  IdempotencyRecord,
  IdempotencyRepository,
  StoredResponse,
} from '../idempotency.repository.js';
import { sweepMap } from './sweep.js';

export class MemoryIdempotencyRepository implements IdempotencyRepository {
  private readonly byKey = new Map<string, IdempotencyRecord>();

  async begin(
    key: string,
    requestHash: string,
    holder: string,
    now: number,
    leaseUntil: number,
  ): Promise<BeginOutcome> {
    const existing = this.byKey.get(key);
    if (existing && existing.expiresAt > now) {
      const record = structuredClone(existing);
      return existing.response === null ? { state: 'in_progress', record } : { state: 'completed', record };
    }
    this.byKey.set(key, { key, requestHash, holder, response: null, expiresAt: leaseUntil });
    return { state: 'started' };
  }

  async complete(key: string, holder: string, response: StoredResponse, expiresAt: number): Promise<void> {
    const record = this.byKey.get(key);
    if (record?.holder !== holder) return;
    record.response = structuredClone(response);
    record.expiresAt = expiresAt;
  }

  async abandon(key: string, holder: string): Promise<void> {
    if (this.byKey.get(key)?.holder === holder) this.byKey.delete(key);
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    return sweepMap(this.byKey, (record) => record.expiresAt <= now, limit);
  }
}
