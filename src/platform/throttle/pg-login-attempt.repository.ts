import { type Queryable, toDate, toMs } from '../../database/db.js';
import type { AttemptSlot, LoginAttemptRepository } from './login-attempt.repository.js';

export class PgLoginAttemptRepository implements LoginAttemptRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * One statement: the upsert locks the key's row, so concurrent attempts (from any
   * instance) are counted one after the other and each reads the count it made.
   */
  async take(key: string, now: number, windowMs: number): Promise<AttemptSlot> {
    const { rows } = await this.db.query<{ count: number; reset_at: Date }>(
      `INSERT INTO login_attempts AS a (key, count, reset_at) VALUES ($1, 1, $3)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN a.reset_at <= $2 THEN 1 ELSE a.count + 1 END,
         reset_at = CASE WHEN a.reset_at <= $2 THEN EXCLUDED.reset_at ELSE a.reset_at END
       RETURNING count, reset_at`,
      [key, toDate(now), toDate(now + windowMs)],
    );
    const row = rows[0];
    if (!row) throw new Error('login attempt upsert returned no row');
    return { count: row.count, resetAt: toMs(row.reset_at) };
  }

  async clear(key: string): Promise<void> {
    await this.db.query('DELETE FROM login_attempts WHERE key = $1', [key]);
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    const { rowCount } = await this.db.query(
      'DELETE FROM login_attempts WHERE key IN (SELECT key FROM login_attempts WHERE reset_at <= $1 LIMIT $2)',
      [toDate(now), limit],
    );
    return rowCount ?? 0;
  }
}
