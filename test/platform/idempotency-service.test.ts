import { describe, expect, it } from 'vitest';
import type { StoredResponse } from '../../src/platform/idempotency/idempotency.repository.js';
import { IdempotencyService } from '../../src/platform/idempotency/idempotency.service.js';
import { MemoryIdempotencyRepository } from '../../src/platform/idempotency/memory-idempotency.repository.js';
import { ManualClock } from '../../src/shared/clock.js';
import { cryptoIds } from '../../src/shared/ids.js';
import { defaultConfig } from '../helpers/test-config.js';

/**
 * The idempotency service through its public method, `run`: what counts as the same request,
 * what is replayed, for how long, and what a key in progress answers.
 */
const SECOND = 1000;
const HOUR = 60 * 60 * SECOND;

function setup() {
  const clock = new ManualClock();
  const service = new IdempotencyService({
    keys: new MemoryIdempotencyRepository(),
    clock,
    ids: cryptoIds,
    maxKeysPerUser: defaultConfig.idempotencyMaxKeysPerUser,
    maxKeys: defaultConfig.idempotencyMaxKeys,
  });
  let runs = 0;
  /** An operation that answers 201 with how many times it has run. */
  const operation = async (): Promise<StoredResponse> => {
    runs += 1;
    return { statusCode: 201, body: { run: runs } };
  };
  const run = (body: unknown, key = 'key-1', userId = 'user-1', scope = 'checkout') =>
    service.run({ userId, scope, key, body }, operation);
  return { clock, service, run, runs: () => runs };
}

/** The error `run` rejects with, as its code. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as { code: string }).code;
  }
  throw new Error('expected a refusal');
}

describe('IdempotencyService.run', () => {
  it('replays the first response for the same key and body, running the operation once', async () => {
    const { run, runs } = setup();
    expect(await run({ a: 1 })).toEqual({ statusCode: 201, body: { run: 1 } });
    expect(await run({ a: 1 })).toEqual({ statusCode: 201, body: { run: 1 } });
    expect(runs()).toBe(1);
  });

  it('treats a body with its keys in another order, at any depth, as the same request', async () => {
    const { run, runs } = setup();
    await run({ a: 1, b: { c: [{ d: 1, e: 2 }], f: 'x' }, g: null });
    expect(await run({ g: null, b: { f: 'x', c: [{ e: 2, d: 1 }] }, a: 1 })).toEqual({
      statusCode: 201,
      body: { run: 1 },
    });
    expect(await run({ b: { c: [{ e: 2, d: 1 }], f: 'x' }, g: null, a: 1 })).toMatchObject({
      body: { run: 1 },
    });
    expect(runs()).toBe(1);
  });

  it('ignores fields left undefined, as JSON does, and reads a missing body as null', async () => {
    const { run, runs } = setup();
    await run({ a: 1 });
    expect(await run({ a: 1, b: undefined })).toMatchObject({ body: { run: 1 } });
    await run(null, 'key-2');
    expect(await run(undefined, 'key-2')).toMatchObject({ body: { run: 2 } });
    expect(runs()).toBe(2);
  });

  it.each([
    ['a changed value', { a: 1, b: [1, 2] }, { a: 2, b: [1, 2] }],
    ['a changed key', { a: 1 }, { b: 1 }],
    ['an extra field', { a: 1 }, { a: 1, b: 2 }],
    ['a field set to null instead of left out', { a: 1 }, { a: 1, b: null }],
    ['an array in another order', { a: [1, 2] }, { a: [2, 1] }],
    ['an array split elsewhere', { a: [1, 23] }, { a: [12, 3] }],
    ['an array instead of an object with the same entries', ['x', 'y'], { 0: 'x', 1: 'y' }],
    ['a string instead of a number', { a: 1 }, { a: '1' }],
    ['false instead of true', true, false],
    ['another number', 1, 2],
    ['an object instead of null', null, {}],
  ])('refuses the same key with another body: %s', async (_name, first, second) => {
    const { run, runs } = setup();
    await run(first);
    expect(await refusal(run(second))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(runs()).toBe(1);
  });

  it('keeps one key apart between users and between scopes', async () => {
    const { run, runs } = setup();
    expect(await run({ a: 1 }, 'k', 'user-1', 'checkout')).toMatchObject({ body: { run: 1 } });
    expect(await run({ a: 1 }, 'k', 'user-2', 'checkout')).toMatchObject({ body: { run: 2 } });
    expect(await run({ a: 1 }, 'k', 'user-1', 'pay')).toMatchObject({ body: { run: 3 } });
    expect(await run({ a: 2 }, 'k', 'user-2', 'pay')).toMatchObject({ body: { run: 4 } });
    expect(await run({ a: 1 }, 'k', 'user-1', 'checkout')).toMatchObject({ body: { run: 1 } });
    expect(runs()).toBe(4);
  });

  it('replays for 24 hours from when the answer was stored, then runs the request again', async () => {
    const { clock, service, runs } = setup();
    // The operation takes an hour: the 24 hours start when it answers.
    const slow = async (): Promise<StoredResponse> => {
      clock.advance(HOUR);
      return { statusCode: 200, body: 'slow' };
    };
    const request = { userId: 'u', scope: 'pay', key: 'k', body: {} };
    await service.run(request, slow);
    clock.advance(24 * HOUR - 1);
    expect(await service.run(request, async () => ({ statusCode: 500, body: 'again' }))).toEqual({
      statusCode: 200,
      body: 'slow',
    });
    clock.advance(1);
    expect(await service.run(request, async () => ({ statusCode: 201, body: 'again' }))).toEqual({
      statusCode: 201,
      body: 'again',
    });
    expect(runs()).toBe(0);
  });

  it('answers IDEMPOTENCY_IN_PROGRESS for as long as the first request runs, then replays its answer', async () => {
    const { clock, service, run, runs } = setup();
    let finish: (response: StoredResponse) => void = () => {};
    const first = service.run(
      { userId: 'user-1', scope: 'checkout', key: 'key-1', body: { a: 1 } },
      () => new Promise<StoredResponse>((resolve) => (finish = resolve)),
    );
    expect(await refusal(run({ a: 1 }))).toBe('IDEMPOTENCY_IN_PROGRESS');
    // Another body is told it reuses the key, not that the key is busy.
    expect(await refusal(run({ a: 2 }))).toBe('IDEMPOTENCY_KEY_REUSED');
    // Issue 28: no time lease. A live holder, however slow, is never overtaken.
    clock.advance(HOUR);
    expect(await refusal(run({ a: 1 }))).toBe('IDEMPOTENCY_IN_PROGRESS');
    finish({ statusCode: 200, body: 'slow' });
    expect(await first).toEqual({ statusCode: 200, body: 'slow' });
    expect(await run({ a: 1 })).toEqual({ statusCode: 200, body: 'slow' });
    expect(runs()).toBe(0);
  });

  it('forgets the key when the operation throws, so a retry runs it again', async () => {
    const { service, run, runs } = setup();
    const request = { userId: 'user-1', scope: 'checkout', key: 'key-1', body: { a: 1 } };
    await expect(
      service.run(request, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await run({ a: 1 })).toEqual({ statusCode: 201, body: { run: 1 } });
    expect(runs()).toBe(1);
  });

  it('replays a stored client error like any answer', async () => {
    const { service } = setup();
    const request = { userId: 'u', scope: 'pay', key: 'k', body: { card: '0000' } };
    await service.run(request, async () => ({ statusCode: 400, body: { detail: 'Paiement refusé.' } }));
    expect(await service.run(request, async () => ({ statusCode: 200, body: {} }))).toEqual({
      statusCode: 400,
      body: { detail: 'Paiement refusé.' },
    });
  });
});
