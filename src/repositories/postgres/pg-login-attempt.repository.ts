import {
  type FailureWindow,
  LOGIN_FAILURE_KEEP_MS,
  type LoginAttemptRepository,
} from '../login-attempt.repository.js';
import { type Queryable, toDate, toMs } from './db.js';

export class PgLoginAttemptRepository implements LoginAttemptRepository {
  constructor(private readonly db: Queryable) {}

  async failuresSince(key: string, since: number, windowMs: number): Promise<FailureWindow> {
    const { rows } = await this.db.query<{ n: number; oldest: Date | null }>(
      'SELECT count(*)::int AS n, min(at) AS oldest FROM login_failures WHERE key = $1 AND at > $2',
      [key, toDate(since)],
    );
    const row = rows[0];
    return { count: row?.n ?? 0, oldestExpiresAt: row?.oldest ? toMs(row.oldest) + windowMs : null };
  }

  async recordFailure(key: string, at: number): Promise<void> {
    // Old rows of this key go in the same round trip, so the table holds only recent failures.
    await this.db.query(
      `WITH pruned AS (DELETE FROM login_failures WHERE key = $1 AND at <= $3)
       INSERT INTO login_failures (key, at) VALUES ($1, $2)`,
      [key, toDate(at), toDate(at - LOGIN_FAILURE_KEEP_MS)],
    );
  }

  async clear(key: string): Promise<void> {
    await this.db.query('DELETE FROM login_failures WHERE key = $1', [key]);
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    const { rowCount } = await this.db.query(
      'DELETE FROM login_failures WHERE ctid IN (SELECT ctid FROM login_failures WHERE at <= $1 LIMIT $2)',
      [toDate(now - LOGIN_FAILURE_KEEP_MS), limit],
    );
    return rowCount ?? 0;
  }
}
