import { UndoableStore } from '../database/undo-log.js';
import type { ProfilePatch, User } from './user.js';
import type { UserRepository } from './user.repository.js';

/** Undoable: an account unit (registration and its mail, a reset) is all or nothing in memory too. */
export class MemoryUserRepository extends UndoableStore implements UserRepository {
  private readonly byId = new Map<string, User>();
  private readonly idByEmail = new Map<string, string>();

  async insertIfEmailFree(user: User): Promise<boolean> {
    if (this.idByEmail.has(user.email)) return false;
    this.byId.set(user.id, { ...user });
    this.idByEmail.set(user.email, user.id);
    this.undo.record(() => {
      this.byId.delete(user.id);
      this.idByEmail.delete(user.email);
    });
    return true;
  }

  async findById(id: string): Promise<User | null> {
    const user = this.byId.get(id);
    return user ? { ...user } : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const id = this.idByEmail.get(email);
    return id === undefined ? null : this.findById(id);
  }

  async update(id: string, patch: ProfilePatch): Promise<User | null> {
    const updated = this.write(id, patch);
    return updated ? { ...updated } : null;
  }

  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    return this.write(id, { passwordHash }) !== null;
  }

  async markVerified(id: string, email: string): Promise<boolean> {
    if (this.byId.get(id)?.email !== email) return false;
    return this.write(id, { emailVerified: true }) !== null;
  }

  async changeEmail(id: string, email: string): Promise<'changed' | 'taken' | 'missing'> {
    const user = this.byId.get(id);
    if (!user) return 'missing';
    const holder = this.idByEmail.get(email);
    if (holder !== undefined && holder !== id) return 'taken';
    const previous = user.email;
    this.write(id, { email, emailVerified: true });
    this.idByEmail.delete(previous);
    this.idByEmail.set(email, id);
    this.undo.record(() => {
      this.idByEmail.delete(email);
      this.idByEmail.set(previous, id);
    });
    return 'changed';
  }

  async count(): Promise<number> {
    return this.byId.size;
  }

  /** Replaces the row with the patch applied and records the old one; null when it is gone. */
  private write(id: string, patch: Partial<User>): User | null {
    const user = this.byId.get(id);
    if (!user) return null;
    const updated = { ...user, ...patch };
    this.byId.set(id, updated);
    this.undo.record(() => this.byId.set(id, user));
    return updated;
  }
}
