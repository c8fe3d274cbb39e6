import type { ChangeFeed, ChangeListener, StoreChange } from '../database/change-feed.js';
import type { Session, SessionWithRole } from './session.js';
import type { SessionRepository } from './session.repository.js';

/** A cached session is re-read at least this often, notification or not. */
const MAX_AGE_MS = 60_000;
/** Past this many sessions the oldest cached go first: memory stays bounded whatever the traffic. */
const MAX_ENTRIES = 20_000;

interface Cached {
  session: SessionWithRole;
  readUntil: number;
}

/**
 * The sessions an instance has seen, in front of the session table: an authenticated
 * request costs no query while the entry holds. An entry goes when the session is deleted
 * anywhere (the trigger's notification reaches every instance), when its user's role
 * changes, after a minute, and at once whenever the change feed is down, since a
 * notification could have been missed then.
 */
export class CachedSessionRepository implements SessionRepository, ChangeListener {
  private readonly entries = new Map<string, Cached>();
  /** Bumped by every invalidation: a read that started before one must not fill the cache. */
  private generation = 0;

  constructor(
    private readonly table: SessionRepository,
    private readonly feed: ChangeFeed,
    private readonly now: () => number = Date.now,
  ) {
    feed.subscribe(this);
  }

  save(session: Session): Promise<void> {
    return this.table.save(session);
  }

  async findWithRole(tokenHash: string): Promise<SessionWithRole | null> {
    const cached = this.entries.get(tokenHash);
    if (cached && cached.readUntil > this.now()) return { ...cached.session };
    const generation = this.generation;
    const session = await this.table.findWithRole(tokenHash);
    if (session && this.feed.live && generation === this.generation) this.remember(session);
    return session;
  }

  async delete(tokenHash: string): Promise<void> {
    this.forget(tokenHash);
    await this.table.delete(tokenHash);
  }

  sweepExpired(now: number, limit: number): Promise<number> {
    return this.table.sweepExpired(now, limit);
  }

  onChange(change: StoreChange): void {
    if (change.kind === 'session-ended') this.forget(change.tokenHash);
    if (change.kind === 'user-changed') {
      this.generation += 1;
      for (const [hash, { session }] of this.entries)
        if (session.userId === change.userId) this.entries.delete(hash);
    }
  }

  onReset(): void {
    this.generation += 1;
    this.entries.clear();
  }

  private remember(session: SessionWithRole): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(session.tokenHash, { session, readUntil: this.now() + MAX_AGE_MS });
  }

  private forget(tokenHash: string): void {
    this.generation += 1;
    this.entries.delete(tokenHash);
  }
}
