import { type Queryable, toDate, toMs } from '../database/db.js';
import type { Session, SessionWithRole } from './session.js';
import type { SessionRepository } from './session.repository.js';

interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
}

const toSession = (row: SessionRow): Session => ({
  tokenHash: row.token_hash,
  userId: row.user_id,
  createdAt: toMs(row.created_at),
  expiresAt: toMs(row.expires_at),
});

export class PgSessionRepository implements SessionRepository {
  constructor(private readonly db: Queryable) {}

  async save(session: Session): Promise<void> {
    await this.db.query(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [session.tokenHash, session.userId, toDate(session.createdAt), toDate(session.expiresAt)],
    );
  }

  async findWithRole(tokenHash: string): Promise<SessionWithRole | null> {
    const { rows } = await this.db.query<SessionRow & { is_admin: boolean }>(
      `SELECT s.token_hash, s.user_id, s.created_at, s.expires_at, u.is_admin
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    return row ? { ...toSession(row), isAdmin: row.is_admin } : null;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteAllOfUser(userId: string, keep?: string): Promise<number> {
    const { rowCount } = await this.db.query(
      'DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2',
      [userId, keep ?? null],
    );
    return rowCount ?? 0;
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM sessions WHERE token_hash IN
         (SELECT token_hash FROM sessions WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [toDate(now), limit],
    );
    return rowCount ?? 0;
  }
}
