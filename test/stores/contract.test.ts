import { describe, expect, it } from 'vitest';
import type { Order } from '../../src/orders/order.js';
import {
  backendUnavailable,
  insertOrder,
  insertUser,
  openForSuite,
  productFixture as product,
  storeBackends,
  T0,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

/**
 * One contract, two implementations: every behaviour the services rely on, run against
 * the in-memory stores and, when DATABASE_URL is set, against PostgreSQL.
 */
warnWhenPostgresSkipped('repository contract');

describe.each(storeBackends)('%s repositories', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);

  const user = () => insertUser(stores());
  const order = (userId: string, overrides: Partial<Order> = {}) => insertOrder(stores(), userId, overrides);

  it.skipIf(skip)('users: one account per email, even when two inserts race', async () => {
    const email = `${uid('race')}@example.com`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        stores().repos.users.insertIfEmailFree({
          id: uid('u'),
          email,
          passwordHash: 'h',
          firstName: 'A',
          lastName: 'B',
          address: 'adresse',
          isAdmin: false,
          createdAt: T0,
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await stores().repos.users.findByEmail(email))?.email).toBe(email);
    expect(await stores().repos.users.findById('no-such-id')).toBeNull();
  });

  it.skipIf(skip)(
    'products: reserve takes every line or none, and never oversells under concurrency',
    async () => {
      const a = product({ stockQty: 5 });
      const b = product({ stockQty: 1 });
      await stores().repos.products.insert(a);
      await stores().repos.products.insert(b);
      const failed = await stores().repos.products.reserve([
        { productId: a.id, quantity: 2 },
        { productId: b.id, quantity: 2 },
      ]);
      expect(failed).toMatchObject({ ok: false, reason: 'INSUFFICIENT_STOCK', productId: b.id });
      expect((await stores().repos.products.findById(a.id))?.stockQty).toBe(5);

      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => stores().repos.products.reserve([{ productId: a.id, quantity: 1 }])),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(5);
      expect((await stores().repos.products.findById(a.id))?.stockQty).toBe(0);
      await stores().repos.products.release([{ productId: a.id, quantity: 5 }]);
      expect((await stores().repos.products.findById(a.id))?.stockQty).toBe(5);
    },
  );

  it.skipIf(skip)('products: search filters, sorts and pages by position', async () => {
    const tag = uid('tag');
    for (const [i, price] of [300, 100, 200].entries()) {
      await stores().repos.products.insert(product({ name: `${tag} Écrou ${i}`, priceCents: price }));
    }
    const first = await stores().repos.products.search({ text: tag, sort: 'price', limit: 2, offset: 0 });
    expect(first.total).toBe(3);
    expect(first.items.map((p) => p.priceCents)).toEqual([100, 200]);
    expect(first.next).not.toBeNull();
    const rest = await stores().repos.products.search({
      text: tag,
      sort: 'price',
      limit: 2,
      offset: 0,
      after: first.next ?? undefined,
    });
    expect(rest.items.map((p) => p.priceCents)).toEqual([300]);
    expect(rest.next).toBeNull();
    const folded = await stores().repos.products.search({
      text: `${tag} ecrou`,
      sort: 'oldest',
      limit: 10,
      offset: 1,
    });
    expect(folded.items.map((p) => p.name)).toEqual([`${tag} Écrou 1`, `${tag} Écrou 2`]);
  });

  it.skipIf(skip)('carts: add within the limit, take once, decrease to nothing', async () => {
    const userId = await user();
    const p = product();
    await stores().repos.products.insert(p);
    expect(await stores().repos.carts.addWithinLimit(userId, p.id, 3, 5)).toEqual([
      { productId: p.id, quantity: 3 },
    ]);
    expect(await stores().repos.carts.addWithinLimit(userId, p.id, 3, 5)).toBeNull();
    // An add answers the whole cart, in the order the lines were first added.
    const other = product();
    await stores().repos.products.insert(other);
    expect(await stores().repos.carts.addWithinLimit(userId, other.id, 1, 5)).toEqual([
      { productId: p.id, quantity: 3 },
      { productId: other.id, quantity: 1 },
    ]);
    expect(await stores().repos.carts.addWithinLimit(userId, p.id, 2, 5)).toEqual([
      { productId: p.id, quantity: 5 },
      { productId: other.id, quantity: 1 },
    ]);
    await stores().repos.carts.setQuantity(userId, p.id, 3);
    await stores().repos.carts.setQuantity(userId, other.id, 0);
    const takes = await Promise.all([stores().repos.carts.take(userId), stores().repos.carts.take(userId)]);
    expect(takes.map((lines) => lines.length).sort()).toEqual([0, 1]);
    await stores().repos.carts.setQuantity(userId, p.id, 4);
    expect(await stores().repos.carts.get(userId)).toEqual([{ productId: p.id, quantity: 4 }]);
    await stores().repos.carts.decrease(userId, p.id, 4);
    expect(await stores().repos.carts.get(userId)).toEqual([]);
  });

  it.skipIf(skip)('orders: a status move happens once under concurrency, and records history', async () => {
    const o = await order(await user());
    const moves = await Promise.all(
      Array.from({ length: 6 }, () =>
        stores().repos.orders.transition(o.id, {
          from: ['CREE'],
          to: 'ANNULEE',
          at: T0 + 5,
          actor: 'customer',
        }),
      ),
    );
    expect(moves.filter((m) => m.ok)).toHaveLength(1);
    const stored = await stores().repos.orders.findById(o.id);
    expect(stored).toMatchObject({ status: 'ANNULEE', cancelledAt: T0 + 5 });
    expect(stored?.history.map((h) => h.status)).toEqual(['CREE', 'ANNULEE']);
    const winner = moves.find((m) => m.ok);
    expect(winner?.ok && winner.previous).toBe('CREE');
  });

  it.skipIf(skip)(
    'orders: a payment claim is exclusive and blocks a guarded move until released',
    async () => {
      const owner = await user();
      const o = await order(owner);
      const claim = { ownerId: owner, payableFrom: ['CREE'] as const, now: T0, leaseUntil: T0 + 5_000 };
      const claims = await Promise.all([
        stores().repos.orders.claimPayment(o.id, claim),
        stores().repos.orders.claimPayment(o.id, claim),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const blocked = await stores().repos.orders.transition(o.id, {
        from: ['CREE'],
        to: 'ANNULEE',
        at: T0,
        actor: 'customer',
        requireNoPaymentInProgress: true,
      });
      expect(blocked.ok).toBe(false);
      // Only the holder's release ends the claim.
      await stores().repos.orders.releasePaymentClaim(o.id, T0 + 4_999);
      expect((await stores().repos.orders.findById(o.id))?.paymentClaimedUntil).toBe(T0 + 5_000);
      await stores().repos.orders.releasePaymentClaim(o.id, T0 + 5_000);
      expect((await stores().repos.orders.findById(o.id))?.paymentClaimedUntil).toBeNull();
    },
  );

  it.skipIf(skip)('orders: a claim whose holder died lapses at the end of its lease', async () => {
    const owner = await user();
    const o = await order(owner);
    const claim = (now: number, leaseUntil: number) =>
      stores().repos.orders.claimPayment(o.id, { ownerId: owner, payableFrom: ['CREE'], now, leaseUntil });
    expect(await claim(T0, T0 + 5_000)).not.toBeNull();
    expect(await claim(T0 + 4_999, T0 + 9_999)).toBeNull();
    const cancel = (at: number) =>
      stores().repos.orders.transition(o.id, {
        from: ['CREE'],
        to: 'ANNULEE',
        at,
        actor: 'customer',
        requireNoPaymentInProgress: true,
      });
    expect((await cancel(T0 + 4_999)).ok).toBe(false);
    expect((await cancel(T0 + 5_000)).ok).toBe(true);
  });

  it.skipIf(skip)(
    'orders: refunds never exceed the payment, even concurrently; a full refund moves the status',
    async () => {
      const o = await order(await user(), { status: 'PAYEE', paymentId: 'pay-1' });
      const request = {
        allowedFrom: ['PAYEE', 'ANNULEE'] as const,
        fullyRefundedStatus: 'REMBOURSEE' as const,
        at: T0 + 9,
        actor: 'admin' as const,
      };
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          stores().repos.orders.recordRefund(o.id, { ...request, amountCents: 1500 }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const rest = await stores().repos.orders.recordRefund(o.id, { ...request, amountCents: undefined });
      expect(rest).toMatchObject({
        ok: true,
        amountCents: 500,
        previous: 'PAYEE',
        order: { status: 'REMBOURSEE', refundedCents: 2000 },
      });
      expect(await stores().repos.orders.recordRefund(o.id, { ...request, amountCents: 1 })).toEqual({
        ok: false,
        reason: 'BAD_STATUS',
      });
      const unpaid = await order(await user(), { status: 'ANNULEE' });
      expect(
        await stores().repos.orders.recordRefund(unpaid.id, { ...request, amountCents: undefined }),
      ).toEqual({ ok: false, reason: 'NO_PAYMENT' });
    },
  );

  it.skipIf(skip)('invoices: numbers are consecutive per year, also when issued concurrently', async () => {
    const userId = await user();
    const orders = await Promise.all(Array.from({ length: 10 }, () => order(userId)));
    const year = 3000 + Math.floor(Math.random() * 1000);
    const invoices = await Promise.all(
      orders.map((o) =>
        stores().repos.invoices.issue(uid('inv'), year, {
          orderId: o.id,
          userId,
          lines: [],
          totalCents: 2000,
          vatRatePercent: 20,
          totalExclVatCents: 1667,
          vatCents: 333,
          issuedAt: T0,
        }),
      ),
    );
    expect(invoices.map((i) => i.number).sort()).toEqual(
      orders.map((_, i) => `FAC-${year}-${String(i + 1).padStart(6, '0')}`),
    );
    expect((await stores().repos.invoices.findByOrderId(orders[0]?.id ?? ''))?.vatRatePercent).toBe(20);
  });

  it.skipIf(skip)(
    'idempotency: one request claims a key; same key replays or conflicts; expired keys are free',
    async () => {
      const key = uid('key');
      const [a, b] = await Promise.all([
        stores().repos.idempotency.begin(key, 'h1', 'holder-a', T0, T0 + 1000),
        stores().repos.idempotency.begin(key, 'h1', 'holder-b', T0, T0 + 1000),
      ]);
      expect([a?.state, b?.state].sort()).toEqual(['in_progress', 'started']);
      const winner = a?.state === 'started' ? 'holder-a' : 'holder-b';
      const loser = winner === 'holder-a' ? 'holder-b' : 'holder-a';
      // Only the holder may answer or give the key up.
      await stores().repos.idempotency.complete(key, loser, { statusCode: 400, body: {} }, T0 + 5000);
      await stores().repos.idempotency.abandon(key, loser);
      expect((await stores().repos.idempotency.begin(key, 'h1', 'c', T0 + 10, T0 + 1000)).state).toBe(
        'in_progress',
      );
      await stores().repos.idempotency.complete(
        key,
        winner,
        { statusCode: 201, body: { id: 'x' } },
        T0 + 5000,
      );
      expect(await stores().repos.idempotency.begin(key, 'h1', 'c', T0 + 2000, T0 + 3000)).toMatchObject({
        state: 'completed',
        record: { requestHash: 'h1', response: { statusCode: 201, body: { id: 'x' } } },
      });
      expect((await stores().repos.idempotency.begin(key, 'h2', 'd', T0 + 5000, T0 + 6000)).state).toBe(
        'started',
      );
    },
  );

  it.skipIf(skip)('idempotency: a key whose holder died is free when its lease lapses', async () => {
    const key = uid('key');
    expect((await stores().repos.idempotency.begin(key, 'h', 'dead', T0, T0 + 10_000)).state).toBe('started');
    expect((await stores().repos.idempotency.begin(key, 'h', 'retry', T0 + 9_999, T0 + 19_999)).state).toBe(
      'in_progress',
    );
    expect((await stores().repos.idempotency.begin(key, 'h', 'retry', T0 + 10_000, T0 + 20_000)).state).toBe(
      'started',
    );
    // The dead request's late answer cannot overwrite the retry's.
    await stores().repos.idempotency.complete(
      key,
      'dead',
      { statusCode: 400, body: { detail: 'old' } },
      T0 + 9e7,
    );
    await stores().repos.idempotency.complete(
      key,
      'retry',
      { statusCode: 201, body: { id: 'new' } },
      T0 + 9e7,
    );
    expect(await stores().repos.idempotency.begin(key, 'h', 'again', T0 + 20_001, T0 + 30_000)).toMatchObject(
      {
        state: 'completed',
        record: { response: { statusCode: 201, body: { id: 'new' } } },
      },
    );
  });

  it.skipIf(skip)('support: no message enters a closed thread; close is idempotent', async () => {
    const userId = await user();
    const message = (id: string) => ({
      id,
      threadId: 't',
      authorUserId: userId,
      authorName: 'A B',
      body: 'x',
      createdAt: T0,
    });
    const threadId = uid('t');
    await stores().repos.threads.insert({
      id: threadId,
      userId,
      orderId: null,
      subject: 'Sujet',
      closed: false,
      createdAt: T0,
      messages: [{ ...message(uid('m')), threadId }],
    });
    expect((await stores().repos.threads.appendToOpen(threadId, { ...message(uid('m')), threadId })).ok).toBe(
      true,
    );
    await stores().repos.threads.close(threadId);
    expect((await stores().repos.threads.close(threadId))?.closed).toBe(true);
    expect(await stores().repos.threads.appendToOpen(threadId, { ...message(uid('m')), threadId })).toEqual({
      ok: false,
      reason: 'CLOSED',
    });
    expect(
      await stores().repos.threads.appendToOpen('nope', { ...message(uid('m')), threadId: 'nope' }),
    ).toEqual({ ok: false, reason: 'NOT_FOUND' });
    expect((await stores().repos.threads.findById(threadId))?.messages).toHaveLength(2);
  });

  it.skipIf(skip)(
    'login attempts: each take counts one slot in a fixed window, clear starts again',
    async () => {
      const key = uid('login');
      const attempts = stores().repos.loginAttempts;
      expect(await attempts.take(key, T0, 60_000)).toEqual({ count: 1, resetAt: T0 + 60_000 });
      expect(await attempts.take(key, T0 + 10_000, 60_000)).toEqual({ count: 2, resetAt: T0 + 60_000 });
      expect(await attempts.take(key, T0 + 59_999, 60_000)).toEqual({ count: 3, resetAt: T0 + 60_000 });
      // The window has ended: the count starts again.
      expect(await attempts.take(key, T0 + 60_000, 60_000)).toEqual({ count: 1, resetAt: T0 + 120_000 });
      await attempts.take(key, T0 + 60_001, 60_000);
      await attempts.clear(key);
      expect(await attempts.take(key, T0 + 60_002, 60_000)).toEqual({ count: 1, resetAt: T0 + 120_002 });
    },
  );

  it.skipIf(skip)('login attempts: 40 concurrent takes get 40 distinct counts', async () => {
    const key = uid('login');
    const slots = await Promise.all(
      Array.from({ length: 40 }, () => stores().repos.loginAttempts.take(key, T0, 60_000)),
    );
    expect(slots.map((s) => s.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });
});
