import { describe, expect, it } from 'vitest';
import type { Product, ProductPatch, StockLine } from '../../src/catalog/product.js';
import type { ReserveOutcome } from '../../src/catalog/product.repository.js';
import type { Delivery, Order, OrderStatus } from '../../src/orders/order.js';
import type { TransitionRequest } from '../../src/orders/order.repository.js';
import {
  backendUnavailable,
  cartRef,
  insertOrder,
  insertUser,
  openForSuite,
  productFixture,
  raceSeed,
  seededRandom,
  sleep,
  storeBackends,
  T0,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

/**
 * The race section of the repository contract, run against both stores. Every race is
 * played over many rounds with random small delays, so the calls overlap differently
 * each time (on PostgreSQL over four pipelined connections: they truly run at once, see
 * store-backends.ts). The
 * assertions are invariants a correct store keeps whatever the interleaving, never timings.
 *
 * A failure names its seed; RACE_SEED=<seed> replays the same delays and amounts.
 */
warnWhenPostgresSkipped('repository races');

const ROUNDS = 30;
const IN_PROGRESS_9 = Array<string>(9).fill('in_progress');
const SLOW = { timeout: 120_000 };

describe.each(storeBackends)('%s store: races', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);

  const random = seededRandom(raceSeed());
  const where = (round: number) => `${name}, round ${round}, RACE_SEED=${random.seed}`;
  /** Up to 3 ms before the call starts: enough to shuffle who reaches the store first. */
  const later = async <T>(call: () => Promise<T>): Promise<T> => {
    await sleep(random.int(4));
    return call();
  };

  const insertProduct = async (overrides: Partial<Product>): Promise<Product> => {
    const p = productFixture(overrides);
    await stores().repos.products.insert(p);
    return p;
  };
  /** As checkout does it: the reservation inside a unit of work (a transaction on PostgreSQL). */
  const reserveInUnit = (lines: StockLine[]): Promise<ReserveOutcome> =>
    stores().unitOfWork.run((repos) => repos.products.reserve(lines));
  const stockOf = async (id: string) => (await stores().repos.products.findById(id))?.stockQty;
  /**
   * After stock takes raced one set of the stock: each call is atomic, so the history is some
   * order of them; the takes before the set took from `initial` and were overwritten, those after
   * took from `setTo`. So the successful takes split into a "before" part that fitted in `initial`
   * and an "after" part with final = setTo − after. A lost set (final unrelated to setTo) or a
   * resurrected unit (final above setTo − after) has no such split.
   */
  const expectSetKept = (
    round: number,
    run: { initial: number; setTo: number; answered?: number; taken: number[]; final?: number },
  ) => {
    const final = run.final ?? -1;
    expect(run.answered, `${where(round)}: the set answers the value it wrote`).toBe(run.setTo);
    expect(final, `${where(round)}: stock never negative`).toBeGreaterThanOrEqual(0);
    expect(
      splitsAroundSet(run.taken, run.initial, run.setTo, final),
      `${where(round)}: initial ${run.initial}, set ${run.setTo}, taken ${JSON.stringify(run.taken)}, final ${final}`,
    ).toBe(true);
  };

  it.skipIf(skip)(
    'products: patching price, name, description or active never gives back units reserved meanwhile',
    SLOW,
    async () => {
      let reserveFailures = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        const initial = 24;
        const p = await insertProduct({ stockQty: initial, name: 'Avant', description: 'avant' });
        const quantities = Array.from({ length: 10 }, () => 1 + random.int(4));
        // One patch per field, so concurrent patches of different fields must not undo each other either.
        const patches: ProductPatch[] = [
          { priceCents: 2000 + round },
          { name: `Après ${round}` },
          { description: `après ${round}` },
          { active: true },
        ];
        const [reserves, updates] = await Promise.all([
          Promise.all(
            quantities.map((quantity) => later(() => reserveInUnit([{ variantId: p.id, quantity }]))),
          ),
          Promise.all(patches.map((patch) => later(() => stores().repos.products.update(p.id, patch)))),
        ]);

        const taken = quantities.reduce((sum, q, i) => sum + (reserves[i]?.ok ? q : 0), 0);
        reserveFailures += reserves.filter((r) => !r.ok).length;
        expect(
          reserves.some((r) => r.ok),
          `${where(round)}: at least one reservation succeeds`,
        ).toBe(true);
        expect(
          updates.every((u) => u !== null),
          `${where(round)}: every patch applies`,
        ).toBe(true);
        const final = await stores().repos.products.findById(p.id);
        expect(final?.stockQty, `${where(round)}: stock = initial − units reserved`).toBe(initial - taken);
        expect(final, `${where(round)}: every patched field kept`).toMatchObject({
          priceCents: 2000 + round,
          name: `Après ${round}`,
          description: `après ${round}`,
          active: true,
        });
      }
      // 10 reservations of 1–4 units against 24 usually run out: the refusal path is raced too.
      expect(reserveFailures).toBeGreaterThan(0);
    },
  );

  it.skipIf(skip)(
    'products: setting the stock while reservations run neither loses the set nor resurrects a unit',
    SLOW,
    async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        const initial = 10 + random.int(10);
        const setTo = random.int(20);
        const p = await insertProduct({ stockQty: initial });
        const quantities = Array.from({ length: 8 }, () => 1 + random.int(3));
        const [reserves, set] = await Promise.all([
          Promise.all(
            quantities.map((quantity) => later(() => reserveInUnit([{ variantId: p.id, quantity }]))),
          ),
          later(() => stores().repos.products.setVariantStock(p.id, setTo)),
        ]);
        const taken = quantities.filter((_, i) => reserves[i]?.ok);
        expectSetKept(round, { initial, setTo, answered: set?.stockQty, taken, final: await stockOf(p.id) });
      }
    },
  );

  it.skipIf(skip)(
    'checkout: setting the stock while checkouts run neither loses the set nor resurrects a unit',
    SLOW,
    async () => {
      const shoppers = await Promise.all(Array.from({ length: 8 }, () => insertUser(stores())));
      for (let round = 0; round < ROUNDS; round += 1) {
        const initial = 10 + random.int(10);
        const setTo = random.int(20);
        const p = await insertProduct({ stockQty: initial });
        const quantities = shoppers.map(() => 1 + random.int(3));
        await Promise.all(
          shoppers.map((userId, i) =>
            stores().repos.carts.addWithinLimit(userId, cartRef(p), quantities[i] ?? 1, 1_000),
          ),
        );
        const [placed, set] = await Promise.all([
          Promise.all(
            shoppers.map((userId) =>
              later(() =>
                stores().placement.place({
                  id: uid('o'),
                  userId,
                  shippingAddress: '1 rue du Test',
                  at: T0,
                  mailId: uid('m'),
                }),
              ),
            ),
          ),
          later(() => stores().repos.products.setVariantStock(p.id, setTo)),
        ]);
        // A refused checkout keeps its cart; empty them all for the next round.
        await Promise.all(shoppers.map((userId) => stores().repos.carts.clear(userId)));
        const taken = quantities.filter((_, i) => placed[i]?.ok);
        expectSetKept(round, { initial, setTo, answered: set?.stockQty, taken, final: await stockOf(p.id) });
      }
    },
  );

  it.skipIf(skip)('orders: ten concurrent cancels of one order move it once', SLOW, async () => {
    const userId = await insertUser(stores());
    for (let round = 0; round < ROUNDS; round += 1) {
      // Odd rounds cancel a fresh order, even ones a validated order.
      const o = await insertOrder(
        stores(),
        userId,
        round % 2
          ? {}
          : {
              status: 'VALIDEE',
              validatedAt: T0 + 1,
              history: [
                { status: 'CREE', at: T0, actor: 'customer' },
                { status: 'VALIDEE', at: T0 + 1, actor: 'admin' },
              ],
            },
      );
      const cancel: TransitionRequest = {
        from: ['CREE', 'VALIDEE', 'PAYEE'],
        to: 'ANNULEE',
        at: T0 + 100 + round,
        actor: 'customer',
        requireNoPaymentInProgress: true,
      };
      // Half inside a unit of work, as OrderService.cancel does, half alone.
      const moves = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          later(() =>
            i % 2
              ? stores().unitOfWork.run((repos) => repos.orders.transition(o.id, cancel))
              : stores().repos.orders.transition(o.id, cancel),
          ),
        ),
      );
      expect(
        moves.filter((m) => m.ok),
        where(round),
      ).toHaveLength(1);
      const stored = await stores().repos.orders.findById(o.id);
      expect(stored?.status, where(round)).toBe('ANNULEE');
      expect(stored?.cancelledAt, where(round)).toBe(T0 + 100 + round);
      expect(
        stored?.history.filter((h) => h.status === 'ANNULEE'),
        where(round),
      ).toHaveLength(1);
    }
  });

  it.skipIf(skip)('orders: ship racing cancel on a paid order, exactly one wins', SLOW, async () => {
    const userId = await insertUser(stores());
    const wins = { ship: 0, cancel: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      const o = await insertOrder(stores(), userId, {
        status: 'PAYEE',
        paymentId: uid('pay'),
        paidAt: T0 + 1,
        history: [
          { status: 'CREE', at: T0, actor: 'customer' },
          { status: 'PAYEE', at: T0 + 1, actor: 'customer' },
        ],
      });
      const delivery: Delivery = {
        id: uid('d'),
        carrier: 'Colissimo',
        trackingNumber: `TRK-${round}`,
        address: '1 rue du Test',
        status: 'EN_COURS',
      };
      const ship: TransitionRequest = {
        from: ['PAYEE'],
        to: 'EXPEDIEE',
        at: T0 + 50,
        actor: 'admin',
        changes: { delivery },
      };
      const cancel: TransitionRequest = {
        from: ['CREE', 'VALIDEE', 'PAYEE'],
        to: 'ANNULEE',
        at: T0 + 60,
        actor: 'customer',
        requireNoPaymentInProgress: true,
      };
      const requests = Array.from({ length: 6 }, (_, i) => (i % 2 ? ship : cancel));
      const moves = await Promise.all(
        requests.map((request, i) =>
          later(() =>
            i < 3
              ? stores().unitOfWork.run((repos) => repos.orders.transition(o.id, request))
              : stores().repos.orders.transition(o.id, request),
          ),
        ),
      );
      const winners = requests.filter((_, i) => moves[i]?.ok);
      expect(winners, where(round)).toHaveLength(1);
      const won = winners[0]?.to as OrderStatus;
      wins[won === 'EXPEDIEE' ? 'ship' : 'cancel'] += 1;
      const stored = (await stores().repos.orders.findById(o.id)) as Order;
      expect(stored.status, where(round)).toBe(won);
      expect(
        stored.history.map((h) => h.status),
        where(round),
      ).toEqual(['CREE', 'PAYEE', won]);
      // The loser left no trace: no delivery on a cancelled order, no cancel date on a shipped one.
      expect(stored.delivery, where(round)).toEqual(won === 'EXPEDIEE' ? delivery : null);
      expect(stored.cancelledAt, where(round)).toBe(won === 'ANNULEE' ? T0 + 60 : null);
      expect(stored.shippedAt, where(round)).toBe(won === 'EXPEDIEE' ? T0 + 50 : null);
    }
    console.info(`${name} ship vs cancel winners:`, wins);
  });

  it.skipIf(skip)(
    'orders: concurrent partial refunds never exceed the payment and move the status once',
    SLOW,
    async () => {
      const userId = await insertUser(stores());
      const endings = { full: 0, partial: 0 };
      for (let round = 0; round < ROUNDS; round += 1) {
        const o = await insertOrder(stores(), userId, { status: 'PAYEE', paymentId: uid('pay') });
        // Ten partial amounts (2000 cents in all on average), and in half the rounds a
        // "refund the rest" request racing them.
        const amounts: (number | undefined)[] = Array.from({ length: 10 }, () => 50 + random.int(350));
        if (round % 2) amounts.push(undefined);
        const results = await Promise.all(
          amounts.map((amountCents) =>
            later(() =>
              stores().unitOfWork.run((repos) =>
                repos.orders.recordRefund(o.id, {
                  amountCents,
                  allowedFrom: ['PAYEE', 'ANNULEE'],
                  fullyRefundedStatus: 'REMBOURSEE',
                  at: T0 + 70,
                  actor: 'admin',
                }),
              ),
            ),
          ),
        );
        let sum = 0;
        results.forEach((r, i) => {
          if (!r.ok) return;
          if (amounts[i] !== undefined) expect(r.amountCents, where(round)).toBe(amounts[i]);
          sum += r.amountCents;
        });
        expect(
          results.some((r) => r.ok),
          `${where(round)}: at least one refund succeeds`,
        ).toBe(true);
        expect(sum, `${where(round)}: refunds fit in the payment`).toBeLessThanOrEqual(o.totalCents);
        const stored = (await stores().repos.orders.findById(o.id)) as Order;
        expect(stored.refundedCents, `${where(round)}: refundedCents = sum of refunds`).toBe(sum);
        const full = sum === o.totalCents;
        endings[full ? 'full' : 'partial'] += 1;
        expect(stored.status, where(round)).toBe(full ? 'REMBOURSEE' : 'PAYEE');
        expect(stored.refundedAt, where(round)).toBe(full ? T0 + 70 : null);
        expect(
          stored.history.filter((h) => h.status === 'REMBOURSEE'),
          where(round),
        ).toHaveLength(full ? 1 : 0);
      }
      // Both endings must have been raced, or the status assertions proved nothing.
      expect(endings.full).toBeGreaterThan(0);
      expect(endings.partial).toBeGreaterThan(0);
    },
  );

  it.skipIf(skip)(
    'orders: a full refund racing a cancel ends refunded once, by a legal path',
    SLOW,
    async () => {
      const userId = await insertUser(stores());
      const paths = new Map<string, number>();
      for (let round = 0; round < ROUNDS; round += 1) {
        const o = await insertOrder(stores(), userId, {
          status: 'PAYEE',
          paymentId: uid('pay'),
          paidAt: T0 + 1,
          history: [
            { status: 'CREE', at: T0, actor: 'customer' },
            { status: 'PAYEE', at: T0 + 1, actor: 'customer' },
          ],
        });
        const cancels = Array.from({ length: 3 }, () =>
          later(() =>
            stores().unitOfWork.run((repos) =>
              repos.orders.transition(o.id, {
                from: ['CREE', 'VALIDEE', 'PAYEE'],
                to: 'ANNULEE',
                at: T0 + 10,
                actor: 'customer',
                requireNoPaymentInProgress: true,
              }),
            ),
          ),
        );
        const refunds = Array.from({ length: 3 }, () =>
          later(() =>
            stores().unitOfWork.run((repos) =>
              repos.orders.recordRefund(o.id, {
                amountCents: undefined,
                allowedFrom: ['PAYEE', 'ANNULEE'],
                fullyRefundedStatus: 'REMBOURSEE',
                at: T0 + 20,
                actor: 'admin',
              }),
            ),
          ),
        );
        const [cancelled, refunded] = await Promise.all([Promise.all(cancels), Promise.all(refunds)]);
        // Cancel then refund (ANNULEE → REMBOURSEE) or refund first (then cancel is refused):
        // either way one refund of everything, and at most one cancel.
        expect(
          refunded.filter((r) => r.ok),
          where(round),
        ).toHaveLength(1);
        expect(cancelled.filter((m) => m.ok).length, where(round)).toBeLessThanOrEqual(1);
        const stored = (await stores().repos.orders.findById(o.id)) as Order;
        const path = stored.history.map((h) => h.status).join('→');
        paths.set(path, (paths.get(path) ?? 0) + 1);
        const cancelWon = cancelled.some((m) => m.ok);
        expect(path, where(round)).toBe(
          cancelWon ? 'CREE→PAYEE→ANNULEE→REMBOURSEE' : 'CREE→PAYEE→REMBOURSEE',
        );
        expect(stored).toMatchObject({
          status: 'REMBOURSEE',
          refundedCents: o.totalCents,
          refundedAt: T0 + 20,
        });
      }
      console.info(`${name} refund vs cancel paths:`, Object.fromEntries(paths));
    },
  );

  it.skipIf(skip)('idempotency: of concurrent begins with one key, exactly one starts', SLOW, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const key = uid('key');
      const now = T0 + round * 1000;
      const first = await Promise.all(
        Array.from({ length: 10 }, () =>
          later(() => stores().repos.idempotency.begin(key, 'h', uid('holder'), now, now + 60_000)),
        ),
      );
      expect(first.map((b) => b.state).sort(), where(round)).toEqual([...IN_PROGRESS_9, 'started']);

      // Once the record has expired, concurrent begins race to take it over: again one wins.
      const holder = (await stores().repos.idempotency.begin(key, 'h', 'peek', now, now + 60_000)).state;
      expect(holder).toBe('in_progress');
      const expired = now + 120_000;
      const takeovers = await Promise.all(
        Array.from({ length: 10 }, () =>
          later(() => stores().repos.idempotency.begin(key, 'h2', uid('holder'), expired, expired + 60_000)),
        ),
      );
      expect(takeovers.map((b) => b.state).sort(), where(round)).toEqual([...IN_PROGRESS_9, 'started']);
    }
  });

  it.skipIf(skip)('orders: transition applies every field of `changes`', async () => {
    const o = await insertOrder(stores(), await insertUser(stores()), { paymentClaimedUntil: T0 + 5_000 });
    const delivery: Delivery = {
      id: uid('d'),
      carrier: 'Chronopost',
      trackingNumber: 'TRK-ALL',
      address: '2 rue des Champs',
      status: 'PREPAREE',
    };
    const changes = {
      invoiceId: uid('inv'),
      paymentId: uid('pay'),
      delivery,
    } satisfies TransitionRequest['changes'];
    const moved = await stores().repos.orders.transition(o.id, {
      from: ['CREE'],
      to: 'PAYEE',
      at: T0 + 33,
      actor: 'customer',
      changes,
    });
    expect(moved.ok).toBe(true);
    const expected: Order = {
      ...o,
      ...changes,
      // A payment id ends the charge's claim in the same step.
      paymentClaimedUntil: null,
      status: 'PAYEE',
      paidAt: T0 + 33,
      history: [...o.history, { status: 'PAYEE', at: T0 + 33, actor: 'customer' }],
    };
    // Both what the call answers and what a later read sees: the same order on every store.
    expect(moved.ok && moved.order).toEqual(expected);
    expect(await stores().repos.orders.findById(o.id)).toEqual(expected);
  });
});

/**
 * Whether the successful reservations split into a "before the set" part that fits in
 * `initial` and an "after" part with `final = setTo − after`. Subsets by bitmask: at
 * most 8 reservations, so 256 splits.
 */
function splitsAroundSet(succeeded: number[], initial: number, setTo: number, final: number): boolean {
  for (let mask = 0; mask < 1 << succeeded.length; mask += 1) {
    let after = 0;
    let before = 0;
    succeeded.forEach((q, i) => {
      if (mask & (1 << i)) after += q;
      else before += q;
    });
    if (before <= initial && after <= setTo && final === setTo - after) return true;
  }
  return false;
}
