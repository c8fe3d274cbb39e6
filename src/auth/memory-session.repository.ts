import { UndoableStore } from '../database/undo-log.js';
import { sweepMap } from '../shared/sweep.js';
import type { Session, SessionWithRole } from './session.js';
import type { SessionRepository } from './session.repository.js';
import type { User } from './user.js';

export class MemorySessionRepository extends UndoableStore implements SessionRepository {
  private readonly byHash = new Map<string, Session>();

  constructor(private readonly findUser: (id: string) => Promise<User | null>) {
    super();
  }

  async save(session: Session): Promise<void> {
    this.byHash.set(session.tokenHash, { ...session });
    this.undo.record(() => this.byHash.delete(session.tokenHash));
  }

  async findWithRole(tokenHash: string): Promise<SessionWithRole | null> {
    const session = this.byHash.get(tokenHash);
    const user = session && (await this.findUser(session.userId));
    return session && user ? { ...session, isAdmin: user.isAdmin } : null;
  }

  async delete(tokenHash: string): Promise<void> {
    this.byHash.delete(tokenHash);
  }

  async deleteAllOfUser(userId: string, keep?: string): Promise<number> {
    const ended = [...this.byHash.values()].filter((s) => s.userId === userId && s.tokenHash !== keep);
    for (const session of ended) this.byHash.delete(session.tokenHash);
    this.undo.record(() => {
      for (const session of ended) this.byHash.set(session.tokenHash, session);
    });
    return ended.length;
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    return sweepMap(this.byHash, (session) => session.expiresAt <= now, limit);
  }
}
