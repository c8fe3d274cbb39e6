import { afterEach, describe, expect, it } from 'vitest';
import type {
  ChargeRequest,
  ChargeResult,
  PaymentGateway,
  RefundRequest,
} from '../../src/orders/payment-gateway.js';
import { createProduct, DECLINED_CARD, freePaymentClaim, pay, placeOrder } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * A gateway that ignores idempotency keys (every approved call is a new charge, `ch_<n>`)
 * and holds its `held`-th call until `release()`: the slow charge of a request whose claim
 * is freed meanwhile (its instance declared dead while it still ran).
 */
class SlowForgetfulGateway implements PaymentGateway {
  readonly refunds: RefundRequest[] = [];
  release: () => void = () => {};
  private calls = 0;

  constructor(private readonly held: number) {}

  async charge({ card }: ChargeRequest): Promise<ChargeResult> {
    this.calls += 1;
    const call = this.calls;
    if (call === this.held) await new Promise<void>((resolve) => (this.release = resolve));
    return card.number.endsWith('0000')
      ? { approved: false, reference: null }
      : { approved: true, reference: `ch_${call}` };
  }

  async refund(request: RefundRequest): Promise<{ reference: string }> {
    this.refunds.push(request);
    return { reference: `re_${this.refunds.length}` };
  }
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

async function shopWith(gateway: PaymentGateway) {
  t = await buildTestApp({ gateway });
  const { token } = await registerUser(t.app);
  const product = await createProduct(t, { stockQty: 5, priceCents: 1250 });
  const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: 2 }]);
  return { app: t, token, order };
}

const charged = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('a charge that comes back after its claim was freed', () => {
  it('is refunded after a cancel even when an earlier attempt on the order was declined', async () => {
    const gateway = new SlowForgetfulGateway(2);
    const { app, token, order } = await shopWith(gateway);
    expect((await pay(app.app, token, order.id, DECLINED_CARD)).statusCode).toBe(400);
    const paying = pay(app.app, token, order.id);
    await charged();
    await freePaymentClaim(app, order.id);
    const cancel = await app.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(token),
      payload: { order_id: order.id },
    });
    expect(cancel.statusCode).toBe(200);

    gateway.release();
    const late = await paying;
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ code: 'ORDER_NOT_PAYABLE' });
    expect(gateway.refunds).toEqual([
      { chargeReference: 'ch_2', amountCents: 2500, idempotencyKey: `${order.id}:give-back:ch_2` },
    ]);
    const ledger = await app.ctx.repos.payments.listByOrder(order.id);
    expect(ledger.map((p) => [p.kind, p.succeeded, p.gatewayReference])).toEqual([
      ['charge', false, null],
      ['charge', true, 'ch_2'],
      ['refund', true, 're_1'],
    ]);
  });

  it('is refunded when another charge paid the order meanwhile: nobody pays twice', async () => {
    const gateway = new SlowForgetfulGateway(1);
    const { app, token, order } = await shopWith(gateway);
    const paying = pay(app.app, token, order.id);
    await charged();
    await freePaymentClaim(app, order.id);
    const retry = await pay(app.app, token, order.id);
    expect(retry.statusCode).toBe(200);

    gateway.release();
    const late = await paying;
    expect(late.statusCode).toBe(400);
    expect(gateway.refunds).toEqual([
      { chargeReference: 'ch_1', amountCents: 2500, idempotencyKey: `${order.id}:give-back:ch_1` },
    ]);
    const ledger = await app.ctx.repos.payments.listByOrder(order.id);
    expect(ledger.map((p) => [p.kind, p.succeeded, p.gatewayReference])).toEqual([
      ['charge', true, 'ch_2'],
      ['charge', true, 'ch_1'],
      ['refund', true, 're_1'],
    ]);
    const paid = await app.ctx.repos.orders.findById(order.id);
    expect(paid).toMatchObject({ status: 'PAYEE', paymentId: ledger[0]?.id });
  });

  it('refuses to pay an order that is no longer payable, before it looks at the card', async () => {
    const gateway = new SlowForgetfulGateway(0);
    const { app, token, order } = await shopWith(gateway);
    expect((await pay(app.app, token, order.id)).statusCode).toBe(200);
    // The test clock is at 2026-01-15: this card expired a month ago.
    const again = await pay(app.app, token, order.id, { ...DECLINED_CARD, exp_month: 12, exp_year: 2025 });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({ detail: expect.any(String), code: 'ORDER_NOT_PAYABLE' });
  });
});
