import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS, type NewMail } from '../../src/mail/outbox.js';
import {
  backendUnavailable,
  openForSuite,
  storeBackends,
  T0,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';

warnWhenPostgresSkipped('outbox contract');

const mail = (overrides: Partial<NewMail> = {}): NewMail => ({
  id: randomUUID(),
  template: 'order_delivered',
  recipient: 'jeanne@example.com',
  data: { firstName: 'Jeanne', orderId: 'o-1' },
  createdAt: T0,
  ...overrides,
});

class Boom extends Error {}

describe.each(storeBackends)('%s outbox', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);
  const outbox = () => stores().repos.outbox;

  it.skipIf(skip)('a mail enqueued is pending, due at once, with its data as written', async () => {
    const m = mail({ data: { firstName: '<script>', orderId: 'o-2', nested: [1, 'deux'] } });
    await outbox().enqueue(m);
    expect(await outbox().findById(m.id)).toEqual({
      ...m,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      lastError: null,
      sentAt: null,
    });
  });

  it.skipIf(skip)('a unit of work that throws takes its mail back with it', async () => {
    const m = mail();
    await expect(
      stores().unitOfWork.run(async ({ outbox: inUnit }) => {
        await inUnit.enqueue(m);
        throw new Boom();
      }),
    ).rejects.toBeInstanceOf(Boom);
    expect(await outbox().findById(m.id)).toBeNull();
  });

  it.skipIf(skip)('an account unit that throws takes back the account, its link and its mail', async () => {
    const m = mail();
    const id = `u-${m.id}`;
    await expect(
      stores().accounts.run(async ({ users, tokens, outbox: inUnit }) => {
        await users.insertIfEmailFree({
          id,
          email: `${id}@example.com`,
          passwordHash: 'h',
          firstName: 'A',
          lastName: 'B',
          address: 'adresse',
          isAdmin: false,
          emailVerified: false,
          createdAt: T0,
        });
        await tokens.issue({
          tokenHash: `h-${id}`,
          userId: id,
          purpose: 'verify',
          email: `${id}@example.com`,
          createdAt: T0,
          expiresAt: T0 + 1000,
        });
        await inUnit.enqueue(m);
        throw new Boom();
      }),
    ).rejects.toBeInstanceOf(Boom);
    expect(await stores().repos.users.findById(id)).toBeNull();
    expect(await stores().repos.accountTokens.isLive(`h-${id}`, 'verify', T0)).toBe(false);
    expect(await outbox().findById(m.id)).toBeNull();
  });

  it.skipIf(skip)('a claim racing a unit never takes the mail that unit then rolls back', async () => {
    const m = mail({ createdAt: T0 - 1_000_000 });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let enqueued: () => void = () => {};
    const written = new Promise<void>((resolve) => {
      enqueued = resolve;
    });
    const unit = stores().unitOfWork.run(async ({ outbox: inUnit }) => {
      await inUnit.enqueue(m);
      enqueued();
      await held;
      throw new Boom();
    });
    await written;
    const claiming = outbox().claimDue(T0, 1000, CLAIM_LEASE_MS);
    // PostgreSQL answers at once (the row is not committed); memory waits for the unit: either way not this mail.
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await expect(unit).rejects.toBeInstanceOf(Boom);
    expect((await claiming).map((c) => c.id)).not.toContain(m.id);
    expect(await outbox().findById(m.id)).toBeNull();
  });

  it.skipIf(skip)(
    'a claim takes due mails once, counts the attempt and holds them for the lease',
    async () => {
      const due = mail({ createdAt: T0 - 10 });
      const later = mail({ createdAt: T0 + 60_000 });
      await outbox().enqueue(due);
      await outbox().enqueue(later);
      const claimed = await outbox().claimDue(T0, 1000, CLAIM_LEASE_MS);
      const mine = claimed.find((c) => c.id === due.id);
      expect(mine).toMatchObject({ attempts: 1, nextAttemptAt: T0 + CLAIM_LEASE_MS, status: 'pending' });
      expect(claimed.map((c) => c.id)).not.toContain(later.id);
      const again = await outbox().claimDue(T0 + CLAIM_LEASE_MS - 1, 1000, CLAIM_LEASE_MS);
      expect(again.map((c) => c.id)).not.toContain(due.id);
      // The lease over (an instance died mid-send): the mail is claimed again, one attempt more.
      const afterLease = await outbox().claimDue(T0 + CLAIM_LEASE_MS, 1000, CLAIM_LEASE_MS);
      expect(afterLease.find((c) => c.id === due.id)?.attempts).toBe(2);
    },
  );

  it.skipIf(skip)('concurrent claims never hand one mail to two claimers', async () => {
    const at = T0 + 10_000_000;
    const batch = Array.from({ length: 40 }, (_, i) => mail({ createdAt: at + i }));
    for (const m of batch) await outbox().enqueue(m);
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => outbox().claimDue(at + 1000, 7, CLAIM_LEASE_MS)),
    );
    const ids = claims
      .flat()
      .map((c) => c.id)
      .filter((id) => batch.some((m) => m.id === id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
  });

  it.skipIf(skip)('sent once: markSent counts only the mails still pending', async () => {
    const m = mail({ createdAt: T0 - 50 });
    const other = mail({ createdAt: T0 - 49 });
    await outbox().enqueue(m);
    await outbox().enqueue(other);
    expect(await outbox().markSent([m.id, other.id], T0 + 5)).toBe(2);
    expect(await outbox().markSent([m.id, 'unknown'], T0 + 6)).toBe(0);
    expect(await outbox().markSent([], T0 + 6)).toBe(0);
    expect(await outbox().findById(m.id)).toMatchObject({ status: 'sent', sentAt: T0 + 5 });
  });

  it.skipIf(skip)('a failed attempt is pending again at its retry time, or failed for good', async () => {
    const m = mail();
    await outbox().enqueue(m);
    await outbox().markFailed(m.id, 'ECONNREFUSED', T0 + 60_000);
    expect(await outbox().findById(m.id)).toMatchObject({
      status: 'pending',
      nextAttemptAt: T0 + 60_000,
      lastError: 'ECONNREFUSED',
    });
    await outbox().markFailed(m.id, '550 mailbox unavailable', null);
    expect(await outbox().findById(m.id)).toMatchObject({
      status: 'failed',
      lastError: '550 mailbox unavailable',
    });
    expect(await outbox().retry(m.id, T0 + 5)).toBe(true);
    expect(await outbox().findById(m.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0 + 5,
    });
    expect(await outbox().retry(m.id, T0 + 6)).toBe(false);
  });

  it.skipIf(skip)('pages newest first, filtered by status, with the total', async () => {
    const at = T0 + 50_000_000;
    const three = [mail({ createdAt: at }), mail({ createdAt: at + 1 }), mail({ createdAt: at + 2 })];
    for (const m of three) await outbox().enqueue(m);
    await outbox().markSent([three[1]?.id ?? ''], at + 3);
    const sent = await outbox().page('sent', { limit: 1000, offset: 0 });
    expect(sent.items.map((m) => m.id)).toContain(three[1]?.id);
    expect(sent.items.every((m) => m.status === 'sent')).toBe(true);
    const all = await outbox().page(undefined, { limit: 2, offset: 0 });
    expect(all.items.map((m) => m.id)).toEqual([three[2]?.id, three[1]?.id]);
    expect(all.total).toBeGreaterThanOrEqual(3);
    const beyond = await outbox().page(undefined, { limit: 2, offset: 100_000 });
    expect(beyond).toEqual({ items: [], total: all.total });
  });
});
