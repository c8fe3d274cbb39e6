import { describe, expect, it } from 'vitest';
import { MockPaymentGateway } from '../../src/orders/payment-gateway.js';

/** The contract's mock gateway: what it approves, what a retry learns, how much it remembers. */
const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: '123' });
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('MockPaymentGateway', () => {
  it('declines a card number ending in 0000 with no reference, and approves another with a mock_ch_ reference', async () => {
    const gateway = new MockPaymentGateway();
    const base = { orderId: 'o1', amountCents: 1000 };
    expect(await gateway.charge({ ...base, card: card('4000000000000000'), idempotencyKey: 'a' })).toEqual({
      approved: false,
      reference: null,
    });
    const approved = await gateway.charge({ ...base, card: card('4242424242424242'), idempotencyKey: 'b' });
    expect(approved.approved).toBe(true);
    expect(approved.reference).toMatch(new RegExp(`^mock_ch_${UUID}$`));
  });

  it('answers a retry with the same key with the first outcome, even with another card', async () => {
    const gateway = new MockPaymentGateway();
    const base = { orderId: 'o1', amountCents: 1000 };
    const first = await gateway.charge({ ...base, card: card('4242424242424242'), idempotencyKey: 'k' });
    const retry = await gateway.charge({ ...base, card: card('4000000000000000'), idempotencyKey: 'k' });
    expect(retry).toEqual(first);
    const other = await gateway.charge({ ...base, card: card('4242424242424242'), idempotencyKey: 'k2' });
    expect(other.reference).not.toBe(first.reference);
  });

  it('refunds with a new mock_re_ reference for each key, the same one for a repeated key', async () => {
    const gateway = new MockPaymentGateway();
    const refund = { chargeReference: 'mock_ch_x', amountCents: 500 };
    const one = await gateway.refund({ ...refund, idempotencyKey: 'r1' });
    const two = await gateway.refund({ ...refund, idempotencyKey: 'r2' });
    expect(one.reference).toMatch(new RegExp(`^mock_re_${UUID}$`));
    expect(two.reference).toMatch(new RegExp(`^mock_re_${UUID}$`));
    expect(two.reference).not.toBe(one.reference);
    expect(await gateway.refund({ ...refund, idempotencyKey: 'r1' })).toEqual(one);
  });

  it('remembers the last 10,000 charges and forgets the oldest first', async () => {
    const gateway = new MockPaymentGateway();
    const charge = (key: string) =>
      gateway.charge({ orderId: 'o', amountCents: 1, card: card('4242424242424242'), idempotencyKey: key });
    const oldest = await charge('key-0');
    const second = await charge('key-1');
    for (let i = 2; i < 10_000; i += 1) await charge(`key-${i}`);
    // 10,000 remembered: the oldest is still known.
    expect(await charge('key-0')).toEqual(oldest);
    // One more: the oldest goes, the second stays.
    await charge('key-10000');
    expect(await charge('key-1')).toEqual(second);
    expect((await charge('key-0')).reference).not.toBe(oldest.reference);
  });
});
