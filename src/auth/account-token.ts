/** What a single-use link is for: choosing a new password, verifying the address, moving to a new one. */
export const TOKEN_PURPOSES = ['reset', 'verify', 'email_change'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** A link's token as stored: only its SHA-256, never the token the mail carries. */
export interface AccountToken {
  tokenHash: string;
  userId: string;
  purpose: TokenPurpose;
  /** The address the link went to: the one to verify, or the new one of an address change. */
  email: string;
  createdAt: number;
  expiresAt: number;
}
