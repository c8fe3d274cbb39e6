import { type Queryable, toDate } from '../database/db.js';
import type { ResetRequest, ResetRequests } from './reset-request.js';

/**
 * One statement for a known and an unknown address alike: the user row is looked up by its
 * unique index, and the token upsert and the outbox insert write only what that lookup found.
 */
export class PgResetRequests implements ResetRequests {
  constructor(private readonly db: Queryable) {}

  async request({ email, token, mail }: ResetRequest): Promise<void> {
    await this.db.query(
      `WITH account AS (SELECT id, email FROM users WHERE email = $1),
       issued AS (
         INSERT INTO account_tokens (token_hash, user_id, purpose, email, created_at, expires_at)
         SELECT $2, a.id, $3, a.email, $4, $5 FROM account a
         ON CONFLICT (user_id, purpose) DO UPDATE SET token_hash = EXCLUDED.token_hash,
           email = EXCLUDED.email, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
         RETURNING email
       )
       INSERT INTO outbox (id, template, recipient, data, next_attempt_at, created_at)
       SELECT $6, $7, i.email, $8::jsonb, $9, $9 FROM issued i`,
      [
        email,
        token.tokenHash,
        token.purpose,
        toDate(token.createdAt),
        toDate(token.expiresAt),
        mail.id,
        mail.template,
        JSON.stringify(mail.data),
        toDate(mail.createdAt),
      ],
    );
  }
}
