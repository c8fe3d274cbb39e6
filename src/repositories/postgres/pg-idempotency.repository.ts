import type { BeginOutcome, IdempotencyRepository, StoredResponse } from '../idempotency.repository.js';
import { type Queryable, toDate, toMs } from './db.js';

interface KeyRow {
  key: string;
  request_hash: string;
  holder: string;
  response: StoredResponse | null;
  expires_at: Date;
}

export class PgIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly db: Queryable) {}

  /** Claims the key, or takes over an expired one, in one statement; otherwise reports who holds it. */
  async begin(
    key: string,
    requestHash: string,
    holder: string,
    now: number,
    leaseUntil: number,
  ): Promise<BeginOutcome> {
    const claimed = await this.db.query(
      `INSERT INTO idempotency_keys (key, request_hash, holder, response, expires_at) VALUES ($1, $2, $3, NULL, $4)
       ON CONFLICT (key) DO UPDATE SET request_hash = EXCLUDED.request_hash, holder = EXCLUDED.holder,
         response = NULL, expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at <= $5`,
      [key, requestHash, holder, toDate(leaseUntil), toDate(now)],
    );
    if (claimed.rowCount === 1) return { state: 'started' };
    const { rows } = await this.db.query<KeyRow>('SELECT * FROM idempotency_keys WHERE key = $1', [key]);
    const row = rows[0];
    if (!row) return this.begin(key, requestHash, holder, now, leaseUntil);
    const record = {
      key: row.key,
      requestHash: row.request_hash,
      holder: row.holder,
      response: row.response,
      expiresAt: toMs(row.expires_at),
    };
    return row.response === null ? { state: 'in_progress', record } : { state: 'completed', record };
  }

  async complete(key: string, holder: string, response: StoredResponse, expiresAt: number): Promise<void> {
    await this.db.query(
      'UPDATE idempotency_keys SET response = $3, expires_at = $4 WHERE key = $1 AND holder = $2',
      [key, holder, JSON.stringify(response), toDate(expiresAt)],
    );
  }

  async abandon(key: string, holder: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE key = $1 AND holder = $2', [key, holder]);
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM idempotency_keys WHERE key IN
         (SELECT key FROM idempotency_keys WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [toDate(now), limit],
    );
    return rowCount ?? 0;
  }
}
