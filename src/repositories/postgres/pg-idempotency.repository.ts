import type { BeginOutcome, IdempotencyRepository, StoredResponse } from '../idempotency.repository.js';
import { type Queryable, toDate, toMs } from './db.js';

interface KeyRow {
  key: string;
  request_hash: string;
  response: StoredResponse | null;
  expires_at: Date;
}

export class PgIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly db: Queryable) {}

  /** Claims the key, or takes over an expired one, in one statement; otherwise reports who holds it. */
  async begin(key: string, requestHash: string, now: number, expiresAt: number): Promise<BeginOutcome> {
    const claimed = await this.db.query(
      `INSERT INTO idempotency_keys (key, request_hash, response, expires_at) VALUES ($1, $2, NULL, $3)
       ON CONFLICT (key) DO UPDATE SET request_hash = EXCLUDED.request_hash, response = NULL, expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at <= $4`,
      [key, requestHash, toDate(expiresAt), toDate(now)],
    );
    if (claimed.rowCount === 1) return { state: 'started' };
    const { rows } = await this.db.query<KeyRow>('SELECT * FROM idempotency_keys WHERE key = $1', [key]);
    const row = rows[0];
    if (!row) return this.begin(key, requestHash, now, expiresAt);
    const record = {
      key: row.key,
      requestHash: row.request_hash,
      response: row.response,
      expiresAt: toMs(row.expires_at),
    };
    return row.response === null ? { state: 'in_progress', record } : { state: 'completed', record };
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    await this.db.query('UPDATE idempotency_keys SET response = $2 WHERE key = $1', [
      key,
      JSON.stringify(response),
    ]);
  }

  async abandon(key: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE key = $1', [key]);
  }
}
