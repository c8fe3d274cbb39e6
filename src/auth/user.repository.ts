import type { ProfilePatch, User } from './user.js';

export interface UserRepository {
  /** Inserts unless the (lower-cased) email is taken; the check and the write are one step. */
  insertIfEmailFree(user: User): Promise<boolean>;
  findById(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  update(id: string, patch: ProfilePatch): Promise<User | null>;
  count(): Promise<number>;
}
