import { type Queryable, toDate, toMs } from '../database/db.js';
import type { AccountToken, TokenPurpose } from './account-token.js';
import type { AccountTokenRepository } from './account-token.repository.js';

interface TokenRow {
  token_hash: string;
  user_id: string;
  purpose: TokenPurpose;
  email: string;
  created_at: Date;
  expires_at: Date;
}

export const toAccountToken = (row: TokenRow): AccountToken => ({
  tokenHash: row.token_hash,
  userId: row.user_id,
  purpose: row.purpose,
  email: row.email,
  createdAt: toMs(row.created_at),
  expiresAt: toMs(row.expires_at),
});

export class PgAccountTokenRepository implements AccountTokenRepository {
  constructor(private readonly db: Queryable) {}

  async issue(token: AccountToken): Promise<void> {
    await this.db.query(
      `INSERT INTO account_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, purpose) DO UPDATE SET token_hash = EXCLUDED.token_hash,
         email = EXCLUDED.email, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
      [
        token.tokenHash,
        token.userId,
        token.purpose,
        token.email,
        toDate(token.createdAt),
        toDate(token.expiresAt),
      ],
    );
  }

  async isLive(tokenHash: string, purpose: TokenPurpose, now: number): Promise<boolean> {
    const { rows } = await this.db.query(
      'SELECT 1 FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND expires_at > $3',
      [tokenHash, purpose, toDate(now)],
    );
    return rows.length > 0;
  }

  /** DELETE … RETURNING: of two uses racing, one gets the row and the other nothing. */
  async consume(
    tokenHash: string,
    purposes: readonly TokenPurpose[],
    now: number,
  ): Promise<AccountToken | null> {
    const { rows } = await this.db.query<TokenRow>(
      `DELETE FROM account_tokens WHERE token_hash = $1 AND purpose = ANY($2::text[]) AND expires_at > $3
       RETURNING *`,
      [tokenHash, [...purposes], toDate(now)],
    );
    return rows[0] ? toAccountToken(rows[0]) : null;
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM account_tokens WHERE token_hash IN
         (SELECT token_hash FROM account_tokens WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [toDate(now), limit],
    );
    return rowCount ?? 0;
  }
}
