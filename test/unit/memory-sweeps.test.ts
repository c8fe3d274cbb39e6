import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyRepository } from '../../src/repositories/memory/memory-idempotency.repository.js';
import { MemoryLoginAttemptRepository } from '../../src/repositories/memory/memory-login-attempt.repository.js';

/**
 * The in-memory stores forget what has expired, so a long-running server does not
 * grow without bound. Nothing else depends on it, so only these tests would notice
 * if the sweeping stopped.
 */
const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 15);

describe('in-memory login attempts', () => {
  it('forgets keys whose last failure is over an hour old once more than 10,000 keys are held', async () => {
    const repo = new MemoryLoginAttemptRepository();
    const later = T0 + 2 * HOUR;
    await repo.recordFailure('stale', T0);
    await repo.recordFailure('just-an-hour', later - HOUR);
    await repo.recordFailure('recent', later - HOUR + 1);
    for (let i = 0; i < 9_997; i += 1) await repo.recordFailure(`k${i}`, later);
    // 10,000 keys held: recording one more is not yet over the limit.
    await repo.recordFailure('k-10000', later);
    expect((await repo.failuresSince('stale', 0, 60_000)).count).toBe(1);
    // 10,001 held: the next failure sweeps first.
    await repo.recordFailure('k-10001', later);
    expect((await repo.failuresSince('stale', 0, 60_000)).count).toBe(0);
    expect((await repo.failuresSince('just-an-hour', 0, 60_000)).count).toBe(0);
    expect((await repo.failuresSince('recent', 0, 60_000)).count).toBe(1);
    expect((await repo.failuresSince('k0', 0, 60_000)).count).toBe(1);
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

  it('drops expired keys on every thousandth claim, and keeps live ones', async () => {
    const repo = new MemoryIdempotencyRepository();
    await repo.begin('short-lived', 'h', T0, T0 + 10);
    await repo.begin('long-lived', 'h', T0, T0 + HOUR);
    for (let i = 2; i < 999; i += 1) await repo.begin(`k${i}`, 'h', T0, T0 + 10);
    expect(heldKeys(repo)).toBe(999);
    // The 1000th claim sweeps what expired before it: every key but the long-lived one.
    await repo.begin('k999', 'h', T0 + 10, T0 + HOUR);
    expect(heldKeys(repo)).toBe(2);
    expect((await repo.begin('long-lived', 'other', T0 + 20, T0 + HOUR)).state).toBe('in_progress');
    // The count starts again (a claim refused above counts for nothing): the next 999 do not sweep.
    // Each of these expires before the next one is claimed: none may go before the 1000th claim.
    for (let i = 0; i < 999; i += 1) await repo.begin(`again${i}`, 'h', T0 + 20 + i, T0 + 21 + i);
    expect(heldKeys(repo)).toBe(1001);
    await repo.begin('sweeper', 'h', T0 + 1_100, T0 + HOUR);
    expect(heldKeys(repo)).toBe(3);
  });

  it('treats an expired key as new, and a live one as taken', async () => {
    const repo = new MemoryIdempotencyRepository();
    expect(await repo.begin('key', 'h1', T0, T0 + 100)).toEqual({ state: 'started' });
    expect(await repo.begin('key', 'h2', T0 + 99, T0 + 200)).toEqual({
      state: 'in_progress',
      record: { key: 'key', requestHash: 'h1', response: null, expiresAt: T0 + 100 },
    });
    await repo.complete('key', { statusCode: 201, body: { ok: true } });
    expect(await repo.begin('key', 'h2', T0 + 99, T0 + 200)).toMatchObject({
      state: 'completed',
      record: { response: { statusCode: 201, body: { ok: true } } },
    });
    expect(await repo.begin('key', 'h2', T0 + 100, T0 + 200)).toEqual({ state: 'started' });
  });
});
