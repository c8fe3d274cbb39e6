import { type Clock, systemClock } from './clock.js';

interface Entry<V> {
  value: V;
  /** Served until then: the read's start plus the TTL, so no answer is older than the TTL. */
  until: number;
}

/**
 * A small in-process cache whose staleness is bounded by construction: an entry lives at most
 * `ttlMs` from the moment its read began, whoever wrote meanwhile and however. Past `maxEntries`
 * the oldest entry goes first, so memory stays bounded whatever the traffic. `clear` and `delete`
 * let an instance see its own writes at once; a read in flight across either is not kept, since
 * it may have read the row before the write.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The cached value of `key`, or `read()`'s, kept unless it is `null` (absence is never cached). */
  through(key: string, read: () => Promise<V>): Promise<V>;
  through(key: string, read: () => Promise<V | null>): Promise<V | null>;
  async through(key: string, read: () => Promise<V | null>): Promise<V | null> {
    const startedAt = this.clock.now();
    const hit = this.entries.get(key);
    if (hit) {
      if (hit.until > startedAt) return hit.value;
      this.entries.delete(key);
    }
    const generation = this.generation;
    const value = await read();
    if (value !== null && generation === this.generation) this.keep(key, value, startedAt + this.ttlMs);
    return value;
  }

  /**
   * The cached values of `keys`, and `read(missing)`'s for the others in one call (a key it does
   * not answer is absent from the result, and not cached).
   */
  async throughMany(
    keys: readonly string[],
    read: (missing: string[]) => Promise<Map<string, V>>,
  ): Promise<Map<string, V>> {
    const startedAt = this.clock.now();
    const found = new Map<string, V>();
    const missing: string[] = [];
    for (const key of keys) {
      const hit = this.entries.get(key);
      if (hit && hit.until > startedAt) found.set(key, hit.value);
      else missing.push(key);
    }
    if (missing.length === 0) return found;
    const generation = this.generation;
    const fresh = await read(missing);
    for (const [key, value] of fresh) {
      found.set(key, value);
      if (generation === this.generation) this.keep(key, value, startedAt + this.ttlMs);
    }
    return found;
  }

  /** Forgets everything, and every read now in flight. */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** Forgets `key`, and every read now in flight. */
  delete(key: string): void {
    this.generation += 1;
    this.entries.delete(key);
  }

  private keep(key: string, value: V, until: number): void {
    if (until <= this.clock.now()) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, until });
  }
}
