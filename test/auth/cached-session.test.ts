import { describe, expect, it } from 'vitest';
import { CachedSessionRepository } from '../../src/auth/cached-session.repository.js';
import type { Session, SessionWithRole } from '../../src/auth/session.js';
import type { SessionRepository } from '../../src/auth/session.repository.js';
import { ManualClock } from '../../src/shared/clock.js';

const TTL_MS = 500;
const session: SessionWithRole = {
  tokenHash: 'h1',
  userId: 'u1',
  createdAt: 0,
  expiresAt: Number.MAX_SAFE_INTEGER,
  isAdmin: false,
};

/** The session table: counts reads, can hold one until the test lets it go, can change a role. */
class FakeTable implements SessionRepository {
  rows = new Map([[session.tokenHash, session]]);
  reads = 0;
  hold: Promise<void> | null = null;
  async save(saved: Session): Promise<void> {
    this.rows.set(saved.tokenHash, { ...saved, isAdmin: false });
  }
  async sweepExpired(): Promise<number> {
    return 0;
  }
  async findWithRole(hash: string): Promise<SessionWithRole | null> {
    this.reads += 1;
    const found = this.rows.get(hash) ?? null;
    await this.hold;
    return found;
  }
  holdDelete: Promise<void> | null = null;
  async delete(hash: string): Promise<void> {
    await this.holdDelete;
    this.rows.delete(hash);
  }
  async deleteAllOfUser(userId: string, keep?: string): Promise<number> {
    const ended = [...this.rows.values()].filter((r) => r.userId === userId && r.tokenHash !== keep);
    for (const row of ended) this.rows.delete(row.tokenHash);
    return ended.length;
  }
}

function setup() {
  const clock = new ManualClock();
  const table = new FakeTable();
  return { clock, table, cache: new CachedSessionRepository(table, TTL_MS, clock) };
}

describe('the session cache of a PostgreSQL instance', () => {
  it('reads a session once, then answers from memory, a copy each time', async () => {
    const { table, cache } = setup();
    const first = await cache.findWithRole('h1');
    expect(first).toEqual(session);
    if (first) first.isAdmin = true;
    expect(await cache.findWithRole('h1')).toEqual(session);
    expect(table.reads).toBe(1);
  });

  it('forgets at once a session logged out here', async () => {
    const { cache } = setup();
    await cache.findWithRole('h1');
    await cache.delete('h1');
    expect(await cache.findWithRole('h1')).toBeNull();
  });

  it('sees within its TTL a session ended elsewhere and a role changed elsewhere', async () => {
    const { clock, table, cache } = setup();
    await cache.findWithRole('h1');
    table.rows.set('h1', { ...session, isAdmin: true });
    clock.advance(TTL_MS);
    expect((await cache.findWithRole('h1'))?.isAdmin).toBe(true);
    table.rows.delete('h1');
    clock.advance(TTL_MS);
    expect(await cache.findWithRole('h1')).toBeNull();
  });

  it('does not keep a read that was in flight when the session was logged out here', async () => {
    const { table, cache } = setup();
    let release = () => {};
    table.hold = new Promise((resolve) => (release = resolve));
    const inFlight = cache.findWithRole('h1');
    // The logout lands while the read is still out.
    const loggedOut = cache.delete('h1');
    release();
    await Promise.all([inFlight, loggedOut]);
    table.hold = null;
    expect(await cache.findWithRole('h1')).toBeNull();
  });

  it('does not keep a lookup made while the logout here was still deleting the row', async () => {
    const { table, cache } = setup();
    let release = () => {};
    table.holdDelete = new Promise((resolve) => (release = resolve));
    const loggedOut = cache.delete('h1');
    expect(await cache.findWithRole('h1'), 'the row is still there').toEqual(session);
    release();
    await loggedOut;
    expect(await cache.findWithRole('h1')).toBeNull();
  });
});

describe('ending every session of a user', () => {
  it('forgets the cached sessions at once on this instance', async () => {
    const { table, cache } = setup();
    expect(await cache.findWithRole(session.tokenHash)).not.toBeNull();
    expect(await cache.deleteAllOfUser(session.userId)).toBe(1);
    expect(await cache.findWithRole(session.tokenHash)).toBeNull();
    expect(table.rows.size).toBe(0);
  });
});
