import type { NewMail } from '../mail/outbox.js';
import type { AccountToken } from './account-token.js';
import type { AccountUnit } from './account-unit.js';

/** A reset link asked for an address: known or not, the caller cannot tell, nor time it apart. */
export interface ResetRequest {
  email: string;
  token: Omit<AccountToken, 'userId' | 'email'>;
  /** The mail to write if the address is an account's (addressed to it). */
  mail: NewMail;
}

/**
 * The forgotten-password write as one step: if `email` is an account's, its reset token is
 * replaced and the mail written, together; otherwise nothing is written. PostgreSQL does it in
 * one statement whatever the address (pg-reset-request.ts), so a known and an unknown address
 * cost the same work and the same round trip.
 */
export interface ResetRequests {
  request(request: ResetRequest): Promise<void>;
}

/** The same steps in an account unit: the memory stores' way. */
export function resetRequestsInUnits(unit: AccountUnit): ResetRequests {
  return {
    request: ({ email, token, mail }) =>
      unit.run(async ({ users, tokens, outbox }) => {
        const user = await users.findByEmail(email);
        if (!user) return;
        await tokens.issue({ ...token, userId: user.id, email: user.email });
        await outbox.enqueue(mail);
      }),
  };
}
