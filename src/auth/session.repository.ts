import type { ExpiringStore } from '../shared/expiring.js';
import type { Session, SessionWithRole } from './session.js';

export interface SessionRepository extends ExpiringStore {
  save(session: Session): Promise<void>;
  /** The session and its user's role in one read; null when either is gone. */
  findWithRole(tokenHash: string): Promise<SessionWithRole | null>;
  delete(tokenHash: string): Promise<void>;
  /** Ends every session of the user but `keep` (the one changing its password); returns how many went. */
  deleteAllOfUser(userId: string, keep?: string): Promise<number>;
}
