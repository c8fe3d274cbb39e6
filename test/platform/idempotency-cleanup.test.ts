import { describe, expect, it } from 'vitest';
import { IdempotencyService } from '../../src/platform/idempotency/idempotency.service.js';
import { MemoryIdempotencyRepository } from '../../src/platform/idempotency/memory-idempotency.repository.js';
import { ManualClock } from '../../src/shared/clock.js';
import { StoreUnavailableError } from '../../src/shared/errors.js';
import { cryptoIds } from '../../src/shared/ids.js';

/** A key store whose first `abandon` fails, as when the database blinks at that moment. */
class AbandonFailsOnce extends MemoryIdempotencyRepository {
  failures = 1;
  override async abandon(key: string, holder: string): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new StoreUnavailableError('PostgreSQL unavailable');
    }
    await super.abandon(key, holder);
  }
}

/**
 * Issue 28: a key in progress is held for as long as its instance lives, so the key of a
 * request that failed must be let go of even when the store is out at that instant: the
 * release is tried again every second. Without it, the client's retries got 409 until a restart.
 */
describe('a failed request whose key could not be let go of at once', () => {
  it('frees the key within about a second, so the retry runs', async () => {
    const keys = new AbandonFailsOnce();
    const service = new IdempotencyService({
      keys,
      clock: new ManualClock(),
      ids: cryptoIds,
      maxKeysPerUser: 10,
      maxKeys: 100,
    });
    const request = { userId: 'u', scope: 'checkout', key: 'k', body: {} };
    await expect(
      service.run(request, async () => {
        throw new StoreUnavailableError('PostgreSQL unavailable');
      }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(service.run(request, async () => ({ statusCode: 201, body: 'x' }))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_IN_PROGRESS',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await service.run(request, async () => ({ statusCode: 201, body: 'ran' }))).toEqual({
      statusCode: 201,
      body: 'ran',
    });
  });
});
