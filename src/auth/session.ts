export interface Session {
  /** SHA-256 of the bearer token: a leaked store does not leak usable tokens. */
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

/** A session with what authentication needs of its user, read together. */
export interface SessionWithRole extends Session {
  isAdmin: boolean;
}
