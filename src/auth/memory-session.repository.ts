import { sweepMap } from '../shared/sweep.js';
import type { Session, SessionWithRole } from './session.js';
import type { SessionRepository } from './session.repository.js';
import type { User } from './user.js';

export class MemorySessionRepository implements SessionRepository {
  private readonly byHash = new Map<string, Session>();

  constructor(private readonly findUser: (id: string) => Promise<User | null>) {}

  async save(session: Session): Promise<void> {
    this.byHash.set(session.tokenHash, { ...session });
  }

  async findWithRole(tokenHash: string): Promise<SessionWithRole | null> {
    const session = this.byHash.get(tokenHash);
    const user = session && (await this.findUser(session.userId));
    return session && user ? { ...session, isAdmin: user.isAdmin } : null;
  }

  async delete(tokenHash: string): Promise<void> {
    this.byHash.delete(tokenHash);
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    return sweepMap(this.byHash, (session) => session.expiresAt <= now, limit);
  }
}
