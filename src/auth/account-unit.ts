import type { UnitOfWork } from '../database/unit-of-work.js';
import type { OutboxRepository } from '../mail/outbox.repository.js';
import type { AccountTokenRepository } from './account-token.repository.js';
import type { SessionRepository } from './session.repository.js';
import type { UserRepository } from './user.repository.js';

/** The stores an account change writes with the mail it causes, all or nothing. */
export interface AccountStores {
  users: UserRepository;
  sessions: SessionRepository;
  tokens: AccountTokenRepository;
  outbox: OutboxRepository;
}

export type AccountUnit = UnitOfWork<AccountStores>;
