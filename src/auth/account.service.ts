import type { Config } from '../config.js';
import type { MailFactory } from '../mail/new-mail.js';
import type { Actor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import type { AccountToken, TokenPurpose } from './account-token.js';
import type { AccountTokenRepository } from './account-token.repository.js';
import type { AccountStores, AccountUnit } from './account-unit.js';
import type { PasswordHasher } from './password-hasher.js';
import type { ResetRequests } from './reset-request.js';
import { hashToken } from './token-hash.js';
import { normalizeEmail, type User } from './user.js';
import type { UserRepository } from './user.repository.js';

interface AccountDeps {
  users: UserRepository;
  tokens: AccountTokenRepository;
  unit: AccountUnit;
  resets: ResetRequests;
  hasher: PasswordHasher;
  ids: IdGenerator;
  clock: Clock;
  mails: MailFactory;
  config: Pick<Config, 'passwordResetTtlSeconds' | 'emailVerificationTtlSeconds'>;
}

/**
 * Recovering and keeping an account: forgotten password, reset, change, address verification
 * and change. Every link is a fresh 32-byte token of which only the SHA-256 is stored, and
 * every mail is written in the same unit of work as the change it tells of.
 */
export class AccountService {
  constructor(private readonly deps: AccountDeps) {}

  /**
   * Known address or not, the same work: a token drawn and hashed, the mail rendered, and one
   * write step that stores the token and the mail only for an account (ResetRequests).
   */
  async forgotPassword(email: string): Promise<void> {
    const { resets, ids, clock, mails, config } = this.deps;
    const address = normalizeEmail(email);
    const token = ids.token();
    const now = clock.now();
    await resets.request({
      email: address,
      token: {
        tokenHash: hashToken(token),
        purpose: 'reset',
        createdAt: now,
        expiresAt: now + config.passwordResetTtlSeconds * 1000,
      },
      mail: mails.of('password_forgot', address, {
        token,
        ttlMinutes: Math.round(config.passwordResetTtlSeconds / 60),
      }),
    });
  }

  /** An unknown, used or expired link: one refusal for all three. */
  async resetPassword(token: string, password: string): Promise<void> {
    const { tokens, hasher, clock } = this.deps;
    const tokenHash = hashToken(token);
    // A dead link is refused before scrypt runs; the unit below takes the token for real.
    if (!(await tokens.isLive(tokenHash, 'reset', clock.now()))) throw Errors.resetTokenInvalid();
    const passwordHash = await hasher.hash(password);
    await this.deps.unit.run(async (stores) => {
      const used = await stores.tokens.consume(tokenHash, ['reset'], clock.now());
      const user = used && (await stores.users.findById(used.userId));
      if (!user) throw Errors.resetTokenInvalid();
      await stores.users.setPassword(user.id, passwordHash);
      await stores.sessions.deleteAllOfUser(user.id);
      await this.passwordChangedMail(stores, user);
    });
  }

  /** Logged in: the current password first; every other session of the user ends. */
  async changePassword(actor: Actor, sessionToken: string, current: string, next: string): Promise<void> {
    const { users, hasher } = this.deps;
    const user = await users.findById(actor.userId);
    if (!user) throw Errors.userNotFound();
    if (!hasher.isWellFormed(user.passwordHash) || !(await hasher.verify(current, user.passwordHash)))
      throw Errors.currentPasswordWrong();
    const passwordHash = await hasher.hash(next);
    await this.deps.unit.run(async (stores) => {
      await stores.users.setPassword(user.id, passwordHash);
      await stores.sessions.deleteAllOfUser(user.id, hashToken(sessionToken));
      await this.passwordChangedMail(stores, user);
    });
  }

  /** A verification link, or an address change's: the token says which. */
  async verifyEmail(token: string): Promise<void> {
    const { clock } = this.deps;
    await this.deps.unit.run(async ({ tokens, users }) => {
      const used = await tokens.consume(hashToken(token), ['verify', 'email_change'], clock.now());
      if (!used) throw Errors.verifyTokenInvalid();
      if (used.purpose === 'verify') {
        // A link to an address the account has since left verifies nothing.
        if (!(await users.markVerified(used.userId, used.email))) throw Errors.verifyTokenInvalid();
        return;
      }
      const moved = await users.changeEmail(used.userId, used.email);
      if (moved === 'taken') throw Errors.emailTaken();
      if (moved === 'missing') throw Errors.verifyTokenInvalid();
    });
  }

  async resendVerification(actor: Actor): Promise<void> {
    const user = await this.deps.users.findById(actor.userId);
    if (!user) throw Errors.userNotFound();
    if (user.emailVerified) throw Errors.emailAlreadyVerified();
    await this.deps.unit.run((stores) => this.sendVerification(stores, user));
  }

  /**
   * The account keeps its address until the new one is verified by the link sent to it; the
   * old address is told, so a stolen session cannot move the account away unnoticed.
   */
  async requestEmailChange(actor: Actor, newEmail: string): Promise<void> {
    const { users, mails } = this.deps;
    const address = normalizeEmail(newEmail);
    const user = await users.findById(actor.userId);
    if (!user) throw Errors.userNotFound();
    if (address === user.email) return;
    const holder = await users.findByEmail(address);
    if (holder) throw Errors.emailTaken();
    await this.deps.unit.run(async ({ tokens, outbox }) => {
      const token = await this.issue(tokens, user, 'email_change', address);
      await outbox.enqueue(
        mails.of('email_change', address, { firstName: user.firstName, token, newEmail: address }),
      );
      await outbox.enqueue(
        mails.of('email_change_notice', user.email, { firstName: user.firstName, newEmail: address }),
      );
    });
  }

  /** Registration's link, written in the registration's unit (AuthService.createAccount). */
  async sendVerification(stores: Pick<AccountStores, 'tokens' | 'outbox'>, user: User): Promise<void> {
    const token = await this.issue(stores.tokens, user, 'verify', user.email);
    await stores.outbox.enqueue(
      this.deps.mails.of('verify_email', user.email, { firstName: user.firstName, token }),
    );
  }

  private async issue(
    tokens: AccountTokenRepository,
    user: User,
    purpose: Exclude<TokenPurpose, 'reset'>,
    email: string,
  ): Promise<string> {
    const { ids, clock, config } = this.deps;
    const token = ids.token();
    const now = clock.now();
    const stored: AccountToken = {
      tokenHash: hashToken(token),
      userId: user.id,
      purpose,
      email,
      createdAt: now,
      expiresAt: now + config.emailVerificationTtlSeconds * 1000,
    };
    await tokens.issue(stored);
    return token;
  }

  private passwordChangedMail(stores: Pick<AccountStores, 'outbox'>, user: User): Promise<void> {
    return stores.outbox.enqueue(
      this.deps.mails.of('password_changed', user.email, { firstName: user.firstName }),
    );
  }
}
