import { type Queryable, toDate, toMs } from '../database/db.js';
import type { ProfilePatch, User } from './user.js';
import type { UserRepository } from './user.repository.js';

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  address: string;
  is_admin: boolean;
  created_at: Date;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  passwordHash: row.password_hash,
  firstName: row.first_name,
  lastName: row.last_name,
  address: row.address,
  isAdmin: row.is_admin,
  createdAt: toMs(row.created_at),
});

export class PgUserRepository implements UserRepository {
  constructor(private readonly db: Queryable) {}

  /** The unique index decides, so two registrations racing for one email cannot both win. */
  async insertIfEmailFree(user: User): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO users (id, email, password_hash, first_name, last_name, address, is_admin, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (email) DO NOTHING`,
      [
        user.id,
        user.email,
        user.passwordHash,
        user.firstName,
        user.lastName,
        user.address,
        user.isAdmin,
        toDate(user.createdAt),
      ],
    );
    return rowCount === 1;
  }

  async findById(id: string): Promise<User | null> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE email = $1', [email]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async update(id: string, patch: ProfilePatch): Promise<User | null> {
    const { rows } = await this.db.query<UserRow>(
      `UPDATE users SET first_name = COALESCE($2, first_name), last_name = COALESCE($3, last_name),
       address = COALESCE($4, address) WHERE id = $1 RETURNING *`,
      [id, patch.firstName ?? null, patch.lastName ?? null, patch.address ?? null],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return rows[0]?.n ?? 0;
  }
}
