import { describe, expect, it } from 'vitest';
import type { PaidOrder } from '../../src/orders/charge-settlement.js';
import { TRANSITIONS } from '../../src/orders/order.js';
import type { PaymentRecord } from '../../src/orders/payment.js';
import {
  backendUnavailable,
  insertOrder,
  insertUser,
  openForSuite,
  storeBackends,
  T0,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

/**
 * The write of every purchase, on both stores: the claim that reads the order, and the
 * settlement that records the charge, moves the order to PAYEE and issues its invoice at once.
 */
warnWhenPostgresSkipped('charge settlement contract');

const YEAR = 2031;

describe.each(storeBackends)('%s charge settlement', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);

  const user = () => insertUser(stores());
  const charge = (
    orderId: string,
    userId: string,
    overrides: Partial<PaymentRecord> = {},
  ): PaymentRecord => ({
    id: uid('pay'),
    orderId,
    userId,
    kind: 'charge',
    amountCents: 2000,
    succeeded: true,
    cardLast4: '4242',
    gatewayReference: uid('ch'),
    createdAt: T0 + 10,
    ...overrides,
  });
  const paidOrder = (orderId: string, userId: string, record: PaymentRecord): PaidOrder => {
    const invoiceId = uid('inv');
    return {
      move: { ...TRANSITIONS.pay, at: record.createdAt, changes: { paymentId: record.id, invoiceId } },
      invoiceId,
      year: YEAR,
      mailId: uid('m'),
      invoice: {
        orderId,
        userId,
        lines: [
          {
            productId: 'x',
            variantId: 'x',
            sku: 'SKU',
            options: {},
            name: 'X',
            unitPriceCents: 1000,
            quantity: 2,
            lineTotalCents: 2000,
          },
        ],
        totalCents: 2000,
        vatRatePercent: 20,
        totalExclVatCents: 1667,
        vatCents: 333,
        issuedAt: record.createdAt,
      },
    };
  };
  const claimOf = (ownerId: string, now = T0, createdSince = T0) => ({
    ownerId,
    payableFrom: TRANSITIONS.pay.from,
    createdSince,
    now,
    leaseUntil: now + 5_000,
  });

  it.skipIf(skip)('a claim returns the order as claimed and the charges recorded so far', async () => {
    const owner = await user();
    const o = await insertOrder(stores(), owner);
    const elsewhere = await insertOrder(stores(), owner);
    await stores().repos.payments.insert(charge(elsewhere.id, owner));
    await stores().repos.payments.insert(charge(o.id, owner, { succeeded: false }));
    await stores().repos.payments.insert(charge(o.id, owner, { succeeded: false }));
    await stores().repos.payments.insert(charge(o.id, owner, { kind: 'refund' }));
    const claimed = await stores().repos.orders.claimPayment(o.id, claimOf(owner));
    expect(claimed?.chargeAttempts).toBe(2);
    expect(claimed?.order).toMatchObject({
      id: o.id,
      userId: owner,
      totalCents: 2000,
      paymentClaimedUntil: T0 + 5_000,
    });
  });

  it.skipIf(skip)("a claim on someone else's order, or a missing one, claims nothing", async () => {
    const owner = await user();
    const other = await user();
    const o = await insertOrder(stores(), owner);
    expect(await stores().repos.orders.claimPayment(o.id, claimOf(other))).toBeNull();
    expect((await stores().repos.orders.findById(o.id))?.paymentClaimedUntil).toBeNull();
    expect(await stores().repos.orders.claimPayment('no-such-order', claimOf(owner))).toBeNull();
    // The owner's claim is still free to take: the stranger's attempt held nothing.
    expect(await stores().repos.orders.claimPayment(o.id, claimOf(owner))).not.toBeNull();
  });

  it.skipIf(skip)(
    'an order created before `createdSince` (past its unpaid time) is not claimed',
    async () => {
      const owner = await user();
      const o = await insertOrder(stores(), owner);
      expect(await stores().repos.orders.claimPayment(o.id, claimOf(owner, T0 + 1, T0 + 1))).toBeNull();
      expect((await stores().repos.orders.findById(o.id))?.paymentClaimedUntil).toBeNull();
      // Created exactly at `createdSince`: still payable.
      expect(await stores().repos.orders.claimPayment(o.id, claimOf(owner, T0 + 1, T0))).not.toBeNull();
    },
  );

  it.skipIf(skip)('an approved charge is recorded, pays the order and issues its invoice', async () => {
    const owner = await user();
    const o = await insertOrder(stores(), owner);
    await stores().repos.orders.claimPayment(o.id, claimOf(owner));
    const record = charge(o.id, owner);
    const paid = paidOrder(o.id, owner, record);
    expect(await stores().charges.record(record, paid)).toBe(true);

    const stored = await stores().repos.orders.findById(o.id);
    expect(stored).toMatchObject({
      status: 'PAYEE',
      paidAt: record.createdAt,
      paymentId: record.id,
      invoiceId: paid.invoiceId,
      paymentClaimedUntil: null,
    });
    expect(stored?.history.at(-1)).toEqual({ status: 'PAYEE', at: record.createdAt, actor: 'customer' });
    expect(await stores().repos.payments.listByOrder(o.id)).toEqual([record]);
    const invoice = await stores().repos.invoices.findByOrderId(o.id);
    expect(invoice).toMatchObject({ ...paid.invoice, id: paid.invoiceId });
    expect(invoice?.number).toMatch(new RegExp(`^FAC-${YEAR}-\\d{6}$`));
  });

  it.skipIf(skip)('a declined charge is recorded and leaves the order as it was', async () => {
    const owner = await user();
    const o = await insertOrder(stores(), owner);
    const record = charge(o.id, owner, { succeeded: false });
    expect(await stores().charges.record(record)).toBe(true);
    expect(await stores().repos.payments.listByOrder(o.id)).toEqual([record]);
    expect(await stores().repos.orders.findById(o.id)).toMatchObject({ status: 'CREE', paymentId: null });
    expect(await stores().repos.invoices.findByOrderId(o.id)).toBeNull();
  });

  it.skipIf(skip)(
    'an order that left the payable statuses gets nothing written, not even a number',
    async () => {
      const owner = await user();
      const cancelled = await insertOrder(stores(), owner, { status: 'ANNULEE' });
      const record = charge(cancelled.id, owner);
      expect(await stores().charges.record(record, paidOrder(cancelled.id, owner, record))).toBe(false);
      expect(await stores().repos.payments.listByOrder(cancelled.id)).toEqual([]);
      expect(await stores().repos.invoices.findByOrderId(cancelled.id)).toBeNull();
      expect(await stores().repos.orders.findById(cancelled.id)).toMatchObject({
        status: 'ANNULEE',
        paymentId: null,
      });

      // The refused settlement took no invoice number: the next one follows the last issued.
      const o = await insertOrder(stores(), owner);
      const first = charge(o.id, owner);
      await stores().charges.record(first, paidOrder(o.id, owner, first));
      const o2 = await insertOrder(stores(), owner);
      const second = charge(o2.id, owner);
      await stores().charges.record(second, paidOrder(o2.id, owner, second));
      const numbers = await Promise.all(
        [o.id, o2.id].map(async (id) =>
          Number((await stores().repos.invoices.findByOrderId(id))?.number.slice(-6)),
        ),
      );
      expect(numbers[1]).toBe((numbers[0] ?? 0) + 1);
    },
  );

  it.skipIf(skip)('a settlement racing a cancel: exactly one wins, and the loser wrote nothing', async () => {
    for (let round = 0; round < 10; round += 1) {
      const owner = await user();
      const o = await insertOrder(stores(), owner);
      const record = charge(o.id, owner);
      const [paid, cancel] = await Promise.all([
        stores().charges.record(record, paidOrder(o.id, owner, record)),
        stores().unitOfWork.run(({ orders }) =>
          orders.transition(o.id, { ...TRANSITIONS.cancel, at: T0 + 20, actor: 'customer' }),
        ),
      ]);
      const stored = await stores().repos.orders.findById(o.id);
      const ledger = await stores().repos.payments.listByOrder(o.id);
      const invoice = await stores().repos.invoices.findByOrderId(o.id);
      if (paid) {
        // Cancel may still follow a payment (PAYEE → ANNULEE), but never erase it.
        expect(ledger).toEqual([record]);
        expect(invoice?.id).toBe(stored?.invoiceId);
        expect(stored?.paymentId).toBe(record.id);
      } else {
        expect(cancel.ok).toBe(true);
        expect(stored?.status).toBe('ANNULEE');
        expect(ledger).toEqual([]);
        expect(invoice).toBeNull();
      }
    }
  });
});
