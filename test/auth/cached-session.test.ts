import { describe, expect, it } from 'vitest';
import { CachedSessionRepository } from '../../src/auth/cached-session.repository.js';
import type { SessionWithRole } from '../../src/auth/session.js';
import type { SessionRepository } from '../../src/auth/session.repository.js';
import type { ChangeFeed, ChangeListener } from '../../src/database/change-feed.js';

const session: SessionWithRole = {
  tokenHash: 'h1',
  userId: 'u1',
  createdAt: 0,
  expiresAt: Number.MAX_SAFE_INTEGER,
  isAdmin: false,
};

/** A session table that counts reads and can hold one read until the test lets it go. */
class FakeTable {
  rows = new Map([[session.tokenHash, session]]);
  reads = 0;
  hold: Promise<void> | null = null;
  async findWithRole(hash: string): Promise<SessionWithRole | null> {
    this.reads += 1;
    const found = this.rows.get(hash) ?? null;
    await this.hold;
    return found;
  }
  async delete(hash: string): Promise<void> {
    this.rows.delete(hash);
  }
}

function setup(live = true) {
  const table = new FakeTable();
  let listener: ChangeListener | null = null;
  const feed = { live, subscribe: (l: ChangeListener) => (listener = l) };
  const cache = new CachedSessionRepository(
    table as unknown as SessionRepository,
    feed as unknown as ChangeFeed,
  );
  return { table, cache, feed, tell: () => listener as unknown as ChangeListener };
}

describe('the session cache of a PostgreSQL instance', () => {
  it('reads a session once, then answers from memory', async () => {
    const { table, cache } = setup();
    expect(await cache.findWithRole('h1')).toEqual(session);
    expect(await cache.findWithRole('h1')).toEqual(session);
    expect(table.reads).toBe(1);
  });

  it('forgets a session ended on another instance, and one whose user changed role', async () => {
    const { table, cache, tell } = setup();
    await cache.findWithRole('h1');
    tell().onChange({ kind: 'session-ended', tokenHash: 'h1' });
    table.rows.delete('h1');
    expect(await cache.findWithRole('h1')).toBeNull();

    table.rows.set('h1', session);
    await cache.findWithRole('h1');
    tell().onChange({ kind: 'user-changed', userId: 'u1' });
    table.rows.set('h1', { ...session, isAdmin: true });
    expect((await cache.findWithRole('h1'))?.isAdmin).toBe(true);
  });

  it('does not keep a read that was in flight when the session ended', async () => {
    const { table, cache, tell } = setup();
    let release = () => {};
    table.hold = new Promise((resolve) => (release = resolve));
    const inFlight = cache.findWithRole('h1');
    // The logout lands while the read is still out.
    tell().onChange({ kind: 'session-ended', tokenHash: 'h1' });
    table.rows.delete('h1');
    release();
    await inFlight;
    table.hold = null;
    expect(await cache.findWithRole('h1')).toBeNull();
  });

  it('keeps nothing while the change feed is down', async () => {
    const { table, cache } = setup(false);
    await cache.findWithRole('h1');
    await cache.findWithRole('h1');
    expect(table.reads).toBe(2);
  });
});
