import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyRepository } from '../../src/platform/idempotency/memory-idempotency.repository.js';
import { MemoryLoginAttemptRepository } from '../../src/platform/throttle/memory-login-attempt.repository.js';

/**
 * The in-memory stores forget what has expired when swept, so a long-running server
 * does not grow without bound (the housekeeping pass calls these every minute).
 */
const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 15);

describe('in-memory login attempts', () => {
  it('counts attempts in a fixed window, and sweeps a key once its window has ended', async () => {
    const repo = new MemoryLoginAttemptRepository();
    expect(await repo.take('a', T0, 60_000)).toEqual({ count: 1, resetAt: T0 + 60_000 });
    expect(await repo.take('a', T0 + 1, 60_000)).toEqual({ count: 2, resetAt: T0 + 60_000 });
    await repo.take('b', T0 + 30_000, 60_000);
    expect(await repo.sweepExpired(T0 + 60_000, 10)).toBe(1);
    expect(await repo.take('a', T0 + 60_000, 60_000)).toEqual({ count: 1, resetAt: T0 + 120_000 });
    expect(await repo.take('b', T0 + 60_000, 60_000)).toEqual({ count: 2, resetAt: T0 + 90_000 });
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
