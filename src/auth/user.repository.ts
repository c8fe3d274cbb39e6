import type { ProfilePatch, User } from './user.js';

export interface UserRepository {
  /** Inserts unless the (lower-cased) email is taken; the check and the write are one step. */
  insertIfEmailFree(user: User): Promise<boolean>;
  findById(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  update(id: string, patch: ProfilePatch): Promise<User | null>;
  /** False when the user is gone. */
  setPassword(id: string, passwordHash: string): Promise<boolean>;
  /** Marks the address verified, only if it is still `email` (a link to an address since changed does nothing). */
  markVerified(id: string, email: string): Promise<boolean>;
  /** Moves the account to `email`, verified; 'taken' when another account holds it, the check and write one step. */
  changeEmail(id: string, email: string): Promise<'changed' | 'taken' | 'missing'>;
  count(): Promise<number>;
}
