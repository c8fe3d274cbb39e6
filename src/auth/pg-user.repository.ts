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
  email_verified: boolean;
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
  emailVerified: row.email_verified,
  createdAt: toMs(row.created_at),
});

export class PgUserRepository implements UserRepository {
  constructor(private readonly db: Queryable) {}

  /** The unique index decides, so two registrations racing for one email cannot both win. */
  async insertIfEmailFree(user: User): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO users (id, email, password_hash, first_name, last_name, address, is_admin, created_at, email_verified)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (email) DO NOTHING`,
      [
        user.id,
        user.email,
        user.passwordHash,
        user.firstName,
        user.lastName,
        user.address,
        user.isAdmin,
        toDate(user.createdAt),
        user.emailVerified,
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

  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    const { rowCount } = await this.db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [
      id,
      passwordHash,
    ]);
    return rowCount === 1;
  }

  async markVerified(id: string, email: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE users SET email_verified = true WHERE id = $1 AND email = $2',
      [id, email],
    );
    return rowCount === 1;
  }

  /** The unique index decides: the address taken meanwhile by a registration is refused, not doubled. */
  async changeEmail(id: string, email: string): Promise<'changed' | 'taken' | 'missing'> {
    const { rows } = await this.db.query<{ outcome: 'changed' | 'taken' | 'missing' }>(
      `WITH taken AS (SELECT 1 FROM users WHERE email = $2 AND id <> $1),
       moved AS (
         UPDATE users SET email = $2, email_verified = true
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM taken) RETURNING 1
       )
       SELECT CASE WHEN EXISTS (SELECT 1 FROM moved) THEN 'changed'
         WHEN EXISTS (SELECT 1 FROM taken) THEN 'taken' ELSE 'missing' END AS outcome`,
      [id, email],
    );
    return rows[0]?.outcome ?? 'missing';
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return rows[0]?.n ?? 0;
  }
}
