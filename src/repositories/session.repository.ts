import type { Session } from '../domain/session.js';
import type { ExpiringStore } from './expiring.js';

export interface SessionRepository extends ExpiringStore {
  save(session: Session): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<Session | null>;
  delete(tokenHash: string): Promise<void>;
}
