import { UndoableStore } from '../database/undo-log.js';
import { sweepMap } from '../shared/sweep.js';
import type { AccountToken, TokenPurpose } from './account-token.js';
import type { AccountTokenRepository } from './account-token.repository.js';

export class MemoryAccountTokenRepository extends UndoableStore implements AccountTokenRepository {
  private readonly byHash = new Map<string, AccountToken>();

  async issue(token: AccountToken): Promise<void> {
    const previous = [...this.byHash.values()].find(
      (t) => t.userId === token.userId && t.purpose === token.purpose,
    );
    if (previous) this.byHash.delete(previous.tokenHash);
    this.byHash.set(token.tokenHash, { ...token });
    this.undo.record(() => {
      this.byHash.delete(token.tokenHash);
      if (previous) this.byHash.set(previous.tokenHash, previous);
    });
  }

  async isLive(tokenHash: string, purpose: TokenPurpose, now: number): Promise<boolean> {
    const token = this.byHash.get(tokenHash);
    return token !== undefined && token.purpose === purpose && token.expiresAt > now;
  }

  /** Looked up and deleted with no await between: one step. */
  async consume(
    tokenHash: string,
    purposes: readonly TokenPurpose[],
    now: number,
  ): Promise<AccountToken | null> {
    const token = this.byHash.get(tokenHash);
    if (!token || !purposes.includes(token.purpose) || token.expiresAt <= now) return null;
    this.byHash.delete(tokenHash);
    this.undo.record(() => this.byHash.set(tokenHash, token));
    return { ...token };
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    return sweepMap(this.byHash, (token) => token.expiresAt <= now, limit);
  }
}
