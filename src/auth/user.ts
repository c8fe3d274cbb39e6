export interface User {
  id: string;
  /** Stored lower-cased: emails are unique regardless of case. */
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  address: string;
  isAdmin: boolean;
  /** True once its owner followed a link sent to `email` (issue 26). */
  emailVerified: boolean;
  createdAt: number;
}

export type ProfilePatch = Partial<Pick<User, 'firstName' | 'lastName' | 'address'>>;

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export const displayName = (user: Pick<User, 'firstName' | 'lastName'>): string =>
  `${user.firstName} ${user.lastName}`;
