import type { ExpiringStore } from '../shared/expiring.js';
import type { AccountToken, TokenPurpose } from './account-token.js';

/** One live token per user and purpose; using one takes it, once. */
export interface AccountTokenRepository extends ExpiringStore {
  /** Stores the token, replacing the user's previous one of that purpose (whose link then fails). */
  issue(token: AccountToken): Promise<void>;
  /**
   * Takes the token if it exists, is of one of `purposes` and has not expired at `now`: it is
   * gone afterwards whatever the caller does, so a link works once even under concurrent uses.
   */
  /** True while the token exists, is of `purpose` and has not expired: lets a reset skip scrypt for a dead link. */
  isLive(tokenHash: string, purpose: TokenPurpose, now: number): Promise<boolean>;
  consume(tokenHash: string, purposes: readonly TokenPurpose[], now: number): Promise<AccountToken | null>;
}
