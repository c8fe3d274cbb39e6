import type { Clock } from '../shared/clock.js';
import { TtlCache } from '../shared/ttl-cache.js';
import type { Session, SessionWithRole } from './session.js';
import type { SessionRepository } from './session.repository.js';

/** Past this many sessions the oldest cached go first: memory stays bounded whatever the traffic. */
const MAX_SESSIONS = 20_000;

/**
 * The sessions an instance has looked up, in front of the session table, for at most `ttlMs`:
 * an authenticated request costs no query while the entry holds. A logout here forgets its
 * session at once; one elsewhere, a role change or a deleted user is seen within `ttlMs`.
 */
export class CachedSessionRepository implements SessionRepository {
  private readonly cache: TtlCache<SessionWithRole>;

  constructor(
    private readonly table: SessionRepository,
    ttlMs: number,
    clock?: Clock,
  ) {
    this.cache = new TtlCache(ttlMs, MAX_SESSIONS, clock);
  }

  save(session: Session): Promise<void> {
    return this.table.save(session);
  }

  async findWithRole(tokenHash: string): Promise<SessionWithRole | null> {
    const session = await this.cache.through(tokenHash, () => this.table.findWithRole(tokenHash));
    return session && { ...session };
  }

  /** Forgotten once the row is gone: a lookup racing the delete may have read it still there. */
  async delete(tokenHash: string): Promise<void> {
    try {
      await this.table.delete(tokenHash);
    } finally {
      this.cache.delete(tokenHash);
    }
  }

  /**
   * This instance forgets every cached session at once (a reset is rare, and the cache is keyed
   * by token): the user's other tokens fail here now, and on other instances within `ttlMs`.
   */
  async deleteAllOfUser(userId: string, keep?: string): Promise<number> {
    try {
      return await this.table.deleteAllOfUser(userId, keep);
    } finally {
      this.cache.clear();
    }
  }

  /** The sessions a unit of work ended (a reset's) are forgotten here once it is over. */
  forgetAll(): void {
    this.cache.clear();
  }

  sweepExpired(now: number, limit: number): Promise<number> {
    return this.table.sweepExpired(now, limit);
  }
}
