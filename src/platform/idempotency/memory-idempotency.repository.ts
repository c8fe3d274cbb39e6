import { sweepMap } from '../../shared/sweep.js';
import type {
  BeginOutcome,
  IdempotencyRecord,
  IdempotencyRepository,
  KeyBounds,
  StoredResponse,
} from './idempotency.repository.js';
import { KeyNoLongerHeld } from './idempotency.repository.js';

interface Entry {
  record: IdempotencyRecord;
  /** Null for a key begun without bounds: it counts for no owner. */
  owner: string | null;
}

const canMakeWay = ({ record }: Entry, now: number): boolean =>
  record.response !== null || record.expiresAt <= now;

export class MemoryIdempotencyRepository implements IdempotencyRepository {
  /** In creation order (a taken-over key is re-inserted), so the first evictable entry is the oldest. */
  private readonly byKey = new Map<string, Entry>();
  /** Each owner's keys, in creation order too. */
  private readonly byOwner = new Map<string, Set<string>>();

  async begin(
    key: string,
    requestHash: string,
    holder: string,
    now: number,
    leaseUntil: number,
    bounds?: KeyBounds,
  ): Promise<BeginOutcome> {
    const existing = this.byKey.get(key);
    if (existing && existing.record.expiresAt > now) {
      const record = structuredClone(existing.record);
      return record.response === null ? { state: 'in_progress', record } : { state: 'completed', record };
    }
    // No await from here to the insert: counting, evicting and claiming are one step.
    if (existing) this.forget(key);
    if (bounds) {
      const owned = this.byOwner.get(bounds.owner);
      if (owned && !this.makeWay(owned, owned, bounds.maxPerOwner, now)) return { state: 'full' };
      if (!this.makeWay(this.byKey.keys(), this.byKey, bounds.maxTotal, now)) return { state: 'full' };
    }
    const owner = bounds?.owner ?? null;
    this.byKey.set(key, {
      record: { key, requestHash, holder, response: null, expiresAt: leaseUntil },
      owner,
    });
    if (owner !== null) {
      const owned = this.byOwner.get(owner) ?? new Set<string>();
      owned.add(key);
      this.byOwner.set(owner, owned);
    }
    return { state: 'started' };
  }

  async complete(key: string, holder: string, response: StoredResponse, expiresAt: number): Promise<void> {
    const record = this.byKey.get(key)?.record;
    if (record?.holder !== holder) return;
    record.response = structuredClone(response);
    record.expiresAt = expiresAt;
  }

  async seal(key: string, holder: string, response: StoredResponse, expiresAt: number): Promise<void> {
    const record = this.byKey.get(key)?.record;
    if (record?.holder !== holder || record.response !== null) throw new KeyNoLongerHeld(key);
    await this.complete(key, holder, response, expiresAt);
  }

  async abandon(key: string, holder: string): Promise<void> {
    const record = this.byKey.get(key)?.record;
    if (record?.holder === holder && record.response === null) this.forget(key);
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    const swept: Entry[] = [];
    const removed = sweepMap(
      this.byKey,
      (entry) => entry.record.expiresAt <= now && swept.push(entry) > 0,
      limit,
    );
    for (const entry of swept) this.unlinkOwner(entry);
    return removed;
  }

  /**
   * Forgets the oldest keys of `keys` (oldest first) that are completed or expired until
   * one more fits under `max` in `sized`; false when only keys in progress are left.
   */
  private makeWay(keys: Iterable<string>, sized: { size: number }, max: number, now: number): boolean {
    if (sized.size < max) return true;
    const victims: string[] = [];
    for (const key of keys) {
      if (sized.size - victims.length < max) break;
      const entry = this.byKey.get(key);
      if (entry && canMakeWay(entry, now)) victims.push(key);
    }
    if (sized.size - victims.length >= max) return false;
    for (const key of victims) this.forget(key);
    return true;
  }

  private forget(key: string): void {
    const entry = this.byKey.get(key);
    if (!entry) return;
    this.byKey.delete(key);
    this.unlinkOwner(entry);
  }

  private unlinkOwner({ record, owner }: Entry): void {
    if (owner === null) return;
    const owned = this.byOwner.get(owner);
    owned?.delete(record.key);
    if (owned?.size === 0) this.byOwner.delete(owner);
  }
}
