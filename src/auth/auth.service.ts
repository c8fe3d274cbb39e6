import type { Config } from '../config.js';
import type { Actor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import type { AccountService } from './account.service.js';
import type { AccountUnit } from './account-unit.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SessionRepository } from './session.repository.js';
import { hashToken } from './token-hash.js';
import { normalizeEmail, type ProfilePatch, type User } from './user.js';
import type { UserRepository } from './user.repository.js';

interface NewAccount {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  address: string;
}

interface LoggedIn {
  token: string;
  user: User;
}

/** Where the service reports what an operator should look at (the app's logger). */
export interface AuthWarnings {
  warn(details: { userId: string }, message: string): void;
}

interface AuthDeps {
  users: UserRepository;
  sessions: SessionRepository;
  hasher: PasswordHasher;
  ids: IdGenerator;
  clock: Clock;
  config: Pick<Config, 'sessionTtlSeconds'>;
  /** Registration writes the account and its verification mail together. */
  unit: AccountUnit;
  accounts: AccountService;
}

export { hashToken };

/**
 * True when nothing visible remains once whitespace, separators (\p{Z}) and format
 * characters (\p{Cf}: zero-width spaces, joiners, bidi marks…) are removed. The schemas
 * trim whitespace only, so a name of U+200B alone passed them (issue 12).
 */
const isInvisible = (text: string): boolean => text.replace(/[\s\p{Z}\p{Cf}]/gu, '').length === 0;

function requireVisibleNames(names: { firstName?: string; lastName?: string }): void {
  for (const name of [names.firstName, names.lastName])
    if (name !== undefined && isInvisible(name)) throw Errors.nameNotVisible();
}

export class AuthService {
  /** Compared against when the email is unknown, so both failures cost one scrypt. */
  private readonly dummyHash: Promise<string>;

  constructor(private readonly deps: AuthDeps) {
    this.dummyHash = deps.hasher.hash('not-a-real-password');
  }

  async register(account: NewAccount): Promise<LoggedIn> {
    const user = await this.createAccount(account, { isAdmin: false });
    return { token: await this.openSession(user.id), user };
  }

  /**
   * Also used by the demo seed to create the admin; never reachable with isAdmin from HTTP.
   * `verified` (the seed's accounts) skips the verification mail; otherwise the account, its
   * link and the mail are one unit, so no account is left without its mail.
   */
  async createAccount(
    account: NewAccount,
    { isAdmin, verified = false }: { isAdmin: boolean; verified?: boolean },
  ): Promise<User> {
    requireVisibleNames(account);
    const { hasher, ids, clock } = this.deps;
    const user: User = {
      id: ids.uuid(),
      email: normalizeEmail(account.email),
      passwordHash: await hasher.hash(account.password),
      firstName: account.firstName,
      lastName: account.lastName,
      address: account.address,
      isAdmin,
      emailVerified: verified,
      createdAt: clock.now(),
    };
    await this.deps.unit.run(async (stores) => {
      if (!(await stores.users.insertIfEmailFree(user))) throw Errors.emailTaken();
      if (!verified) await this.deps.accounts.sendVerification(stores, user);
    });
    return user;
  }

  /**
   * A stored hash the hasher cannot read (a damaged row) is refused like a wrong password,
   * after the same work, and reported to `warnings` by user id (never the hash itself).
   */
  async login(email: string, password: string, warnings: AuthWarnings): Promise<LoggedIn> {
    const { users, hasher } = this.deps;
    const user = await users.findByEmail(normalizeEmail(email));
    if (!user || !hasher.isWellFormed(user.passwordHash)) {
      if (user) warnings.warn({ userId: user.id }, 'stored password hash is malformed; login refused');
      await hasher.verify(password, await this.dummyHash);
      throw Errors.invalidCredentials();
    }
    if (!(await hasher.verify(password, user.passwordHash))) throw Errors.invalidCredentials();
    return { token: await this.openSession(user.id), user };
  }

  async logout(token: string): Promise<void> {
    await this.deps.sessions.delete(hashToken(token));
  }

  /** Resolves a bearer token to its user; expired sessions are removed on sight. */
  async authenticate(token: string): Promise<Actor> {
    const { sessions, clock } = this.deps;
    const tokenHash = hashToken(token);
    const session = await sessions.findWithRole(tokenHash);
    if (!session) throw Errors.tokenInvalid();
    if (session.expiresAt <= clock.now()) {
      await sessions.delete(tokenHash);
      throw Errors.tokenInvalid();
    }
    return { userId: session.userId, isAdmin: session.isAdmin };
  }

  async getProfile(userId: string): Promise<User> {
    const user = await this.deps.users.findById(userId);
    if (!user) throw Errors.userNotFound();
    return user;
  }

  /** A new `email` is only asked for here: the account moves once the link sent to it is followed. */
  async updateProfile(userId: string, patch: ProfilePatch, email?: string): Promise<User> {
    requireVisibleNames(patch);
    if (email !== undefined) await this.deps.accounts.requestEmailChange({ userId, isAdmin: false }, email);
    const user = await this.deps.users.update(userId, patch);
    if (!user) throw Errors.userNotFound();
    return user;
  }

  private async openSession(userId: string): Promise<string> {
    const { sessions, ids, clock, config } = this.deps;
    const token = ids.token();
    const now = clock.now();
    await sessions.save({
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      expiresAt: now + config.sessionTtlSeconds * 1000,
    });
    return token;
  }
}
