import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyRepository } from '../../src/repositories/memory/memory-idempotency.repository.js';
import { MemoryLoginAttemptRepository } from '../../src/repositories/memory/memory-login-attempt.repository.js';

/**
 * The in-memory stores forget what has expired when swept, so a long-running server
 * does not grow without bound (the housekeeping pass calls these every minute).
 */
const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 15);

describe('in-memory login attempts', () => {
  it('sweeps a key once its last failure is an hour old, at most `limit` keys a pass', async () => {
    const repo = new MemoryLoginAttemptRepository();
    const later = T0 + 2 * HOUR;
    await repo.recordFailure('stale', T0);
    await repo.recordFailure('just-an-hour', later - HOUR);
    await repo.recordFailure('recent', later - HOUR + 1);
    expect(await repo.sweepExpired(later, 1)).toBe(1);
    expect(await repo.sweepExpired(later, 10)).toBe(1);
    expect((await repo.failuresSince('stale', 0, 60_000)).count).toBe(0);
    expect((await repo.failuresSince('just-an-hour', 0, 60_000)).count).toBe(0);
    expect((await repo.failuresSince('recent', 0, 60_000)).count).toBe(1);
  });

  it('keeps at most an hour of failures per key', async () => {
    const repo = new MemoryLoginAttemptRepository();
    await repo.recordFailure('key', T0);
    await repo.recordFailure('key', T0 + 1);
    await repo.recordFailure('key', T0 + HOUR + 1);
    expect(await repo.failuresSince('key', 0, 60_000)).toEqual({
      count: 1,
      oldestExpiresAt: T0 + HOUR + 60_001,
    });
  });

  it('has no oldest failure to report for a key never seen', async () => {
    const repo = new MemoryLoginAttemptRepository();
    expect(await repo.failuresSince('unknown', 0, 60_000)).toEqual({ count: 0, oldestExpiresAt: null });
  });
});

describe('in-memory idempotency keys', () => {
  /** The repository's key map: its size is the memory the sweep is there to bound. */
  const heldKeys = (repo: MemoryIdempotencyRepository) =>
    (repo as unknown as { byKey: Map<string, unknown> }).byKey.size;

  it('sweeps expired keys, at most `limit` a pass, and keeps live ones', async () => {
    const repo = new MemoryIdempotencyRepository();
    await repo.begin('short-lived', 'h', 'a', T0, T0 + 10);
    await repo.begin('long-lived', 'h', 'b', T0, T0 + HOUR);
    for (let i = 0; i < 5; i += 1) await repo.begin(`k${i}`, 'h', 'c', T0, T0 + 10);
    expect(heldKeys(repo)).toBe(7);
    expect(await repo.sweepExpired(T0 + 10, 4)).toBe(4);
    expect(await repo.sweepExpired(T0 + 10, 4)).toBe(2);
    expect(heldKeys(repo)).toBe(1);
    expect((await repo.begin('long-lived', 'other', 'd', T0 + 20, T0 + HOUR)).state).toBe('in_progress');
  });

  it('treats an expired key as new, and a live one as taken', async () => {
    const repo = new MemoryIdempotencyRepository();
    expect(await repo.begin('key', 'h1', 'first', T0, T0 + 100)).toEqual({ state: 'started' });
    expect(await repo.begin('key', 'h2', 'second', T0 + 99, T0 + 200)).toEqual({
      state: 'in_progress',
      record: { key: 'key', requestHash: 'h1', holder: 'first', response: null, expiresAt: T0 + 100 },
    });
    await repo.complete('key', 'first', { statusCode: 201, body: { ok: true } }, T0 + 150);
    expect(await repo.begin('key', 'h2', 'second', T0 + 149, T0 + 200)).toMatchObject({
      state: 'completed',
      record: { response: { statusCode: 201, body: { ok: true } } },
    });
    expect(await repo.begin('key', 'h2', 'second', T0 + 150, T0 + 200)).toEqual({ state: 'started' });
  });
});
