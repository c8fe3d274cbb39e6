import { describe, expect, it } from 'vitest';
import type { Promotion } from '../../src/promotions/promotion.js';
import type { ClaimOutcome } from '../../src/promotions/promotion.repository.js';
import {
  backendUnavailable,
  openForSuite,
  raceSeed,
  seededRandom,
  sleep,
  storeBackends,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';
import { promotionFixture } from './fixtures.js';

/**
 * Claims and releases racing for real, on both stores (PostgreSQL over four pipelined
 * connections, so the statements run at once in the database). Each race is played over
 * several rounds with random small delays; the assertions are counts a correct store keeps
 * whatever the interleaving. RACE_SEED=<seed> replays a failing round's delays.
 */
warnWhenPostgresSkipped('promotion races');

const ROUNDS = 5;
const SLOW = { timeout: 120_000 };

describe.each(storeBackends)('%s promotions: races', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);
  const repo = () => stores().repos.promotions;
  const random = seededRandom(raceSeed());
  const where = (round: number) => `${name}, round ${round}, RACE_SEED=${random.seed}`;
  const later = async <T>(call: () => Promise<T>): Promise<T> => {
    await sleep(random.int(4));
    return call();
  };
  const stored = async (overrides: Partial<Promotion>) => {
    const p = promotionFixture(overrides);
    await repo().insert(p);
    return p;
  };
  const granted = (outcomes: ClaimOutcome[]) => outcomes.filter((o) => o.ok).length;

  it.skipIf(skip)('40 shoppers, max_uses 10, one use each: exactly 10 claims hold', SLOW, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const p = await stored({ maxUses: 10, maxUsesPerCustomer: 1 });
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, () =>
          later(() => repo().claim({ promotionId: p.id, userId: uid('u'), orderId: uid('o') })),
        ),
      );
      expect(granted(outcomes), where(round)).toBe(10);
      expect(
        outcomes.filter((o) => !o.ok && o.reason === 'USED_UP'),
        where(round),
      ).toHaveLength(30);
      expect((await repo().findById(p.id))?.uses, where(round)).toBe(10);
    }
  });

  it.skipIf(skip)('one customer claiming twice at once with one use allowed: one holds', SLOW, async () => {
    for (let round = 0; round < ROUNDS * 4; round += 1) {
      const p = await stored({ maxUsesPerCustomer: 1 });
      const user = uid('u');
      const outcomes = await Promise.all(
        Array.from({ length: 2 + (round % 4) }, () =>
          later(() => repo().claim({ promotionId: p.id, userId: user, orderId: uid('o') })),
        ),
      );
      expect(granted(outcomes), where(round)).toBe(1);
      expect(outcomes.filter((o) => !o.ok && o.reason === 'ALREADY_USED').length, where(round)).toBe(
        outcomes.length - 1,
      );
      expect(await repo().customerUses(p.id, user), where(round)).toBe(1);
      expect((await repo().findById(p.id))?.uses, where(round)).toBe(1);
    }
  });

  it.skipIf(skip)('releases racing for one order give the use back once', SLOW, async () => {
    for (let round = 0; round < ROUNDS * 4; round += 1) {
      const p = await stored({ maxUses: 3, maxUsesPerCustomer: 2 });
      const user = uid('u');
      const order = uid('o');
      const kept = uid('o');
      await repo().claim({ promotionId: p.id, userId: user, orderId: order });
      await repo().claim({ promotionId: p.id, userId: user, orderId: kept });
      const released = await Promise.all(
        Array.from({ length: 2 + (round % 5) }, () => later(() => repo().release(order))),
      );
      expect(released.filter(Boolean), where(round)).toHaveLength(1);
      expect((await repo().findById(p.id))?.uses, where(round)).toBe(1);
      expect(await repo().customerUses(p.id, user), where(round)).toBe(1);
      expect(await repo().redemptionOf(kept), where(round)).toMatchObject({ released: false });
    }
  });

  it.skipIf(skip)('one code whatever the case, when inserts and renames race for it', SLOW, async () => {
    for (let round = 0; round < ROUNDS * 2; round += 1) {
      const code = `Race${uid('c').replace(/\W/g, '')}`.slice(0, 32);
      const a = await stored({});
      const b = await stored({});
      const results = await Promise.all([
        later(() => repo().update(a.id, { code: code.toUpperCase() })),
        later(() => repo().update(b.id, { code: code.toLowerCase() })),
        later(() => repo().insert(promotionFixture({ code }))),
        later(() => repo().insert(promotionFixture({ code: code.toUpperCase() }))),
      ]);
      expect(
        results.filter((r) => r.ok),
        where(round),
      ).toHaveLength(1);
      expect(
        results.filter((r) => !r.ok && r.reason === 'CODE_TAKEN'),
        where(round),
      ).toHaveLength(3);
    }
  });

  it.skipIf(skip)(
    'a delete racing claims: it wins only when no claim held, and nothing throws',
    SLOW,
    async () => {
      for (let round = 0; round < ROUNDS * 4; round += 1) {
        const p = await stored({ maxUses: 3 });
        const claims = Array.from({ length: 6 }, () =>
          later(() => repo().claim({ promotionId: p.id, userId: uid('u'), orderId: uid('o') })),
        );
        const [deleted, ...outcomes] = await Promise.all([later(() => repo().delete(p.id)), ...claims]);
        const held = granted(outcomes as ClaimOutcome[]);
        if (deleted?.ok) {
          expect(held, where(round)).toBe(0);
          expect(await repo().findById(p.id), where(round)).toBeNull();
        } else {
          expect(deleted, where(round)).toEqual({ ok: false, reason: 'IN_USE' });
          expect(held, where(round)).toBeGreaterThan(0);
          expect((await repo().findById(p.id))?.uses, where(round)).toBe(held);
        }
      }
    },
  );

  it.skipIf(skip)(
    'claims and releases mixed: uses always equal the redemptions held, never above the limit',
    SLOW,
    async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        const p = await stored({ maxUses: 6, maxUsesPerCustomer: 2 });
        const users = Array.from({ length: 5 }, () => uid('u'));
        const first = await Promise.all(
          Array.from({ length: 12 }, (_, i) => {
            const orderId = uid('o');
            return later(async () => ({
              orderId,
              userId: users[i % users.length] ?? '',
              outcome: await repo().claim({
                promotionId: p.id,
                userId: users[i % users.length] ?? '',
                orderId,
              }),
            }));
          }),
        );
        const held = first.filter((c) => c.outcome.ok);
        const calls = [
          ...held.map((c) => later(() => repo().release(c.orderId))),
          ...held.map((c) => later(() => repo().release(c.orderId))),
          ...Array.from({ length: 12 }, (_, i) =>
            later(() =>
              repo().claim({ promotionId: p.id, userId: users[i % users.length] ?? '', orderId: uid('o') }),
            ),
          ),
        ];
        const results = await Promise.all(calls);
        const released = results.slice(0, held.length * 2).filter(Boolean).length;
        const regained = granted(results.slice(held.length * 2) as ClaimOutcome[]);
        expect(held.length, where(round)).toBe(6);
        expect(released, where(round)).toBe(held.length);
        const uses = (await repo().findById(p.id))?.uses ?? -1;
        expect(uses, where(round)).toBe(held.length - released + regained);
        expect(uses, where(round)).toBeLessThanOrEqual(6);
        let perCustomer = 0;
        for (const user of users) {
          const mine = await repo().customerUses(p.id, user);
          expect(mine, where(round)).toBeLessThanOrEqual(2);
          perCustomer += mine;
        }
        expect(perCustomer, where(round)).toBe(uses);
      }
    },
  );
});
