import type { ProfilePatch, User } from './user.js';
import type { UserRepository } from './user.repository.js';

export class MemoryUserRepository implements UserRepository {
  private readonly byId = new Map<string, User>();
  private readonly idByEmail = new Map<string, string>();

  async insertIfEmailFree(user: User): Promise<boolean> {
    if (this.idByEmail.has(user.email)) return false;
    this.byId.set(user.id, { ...user });
    this.idByEmail.set(user.email, user.id);
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
    const user = this.byId.get(id);
    if (!user) return null;
    const updated = { ...user, ...patch };
    this.byId.set(id, updated);
    return { ...updated };
  }

  async count(): Promise<number> {
    return this.byId.size;
  }
}
