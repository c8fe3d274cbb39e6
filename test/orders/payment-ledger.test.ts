import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MockPaymentGateway,
  type PaymentGateway,
  type RefundRequest,
} from '../../src/orders/payment-gateway.js';
import { adminPost, adminToken, createProduct, DECLINED_CARD, pay, placeOrder } from '../helpers/shop.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/** The mock gateway, remembering every refund it was asked for. */
class RecordingGateway extends MockPaymentGateway implements PaymentGateway {
  readonly refunds: RefundRequest[] = [];

  override async refund(request: RefundRequest) {
    this.refunds.push(request);
    return { reference: `mock_re_${this.refunds.length}` };
  }
}

let t: TestApp;
let gateway: RecordingGateway;
let admin: string;
beforeAll(async () => {
  gateway = new RecordingGateway();
  t = await buildTestApp({ gateway });
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

async function unpaidOrder(priceCents = 2500, quantity = 2) {
  const customer = await registerUser(t.app);
  const product = await createProduct(t, { priceCents, stockQty: 10 });
  const order = await placeOrder(t.app, customer.token, [{ productId: product.id, quantity }]);
  return { customer, order };
}

describe('who may pay', () => {
  it('refuses an admin paying a customer’s order, and records no payment', async () => {
    const { order } = await unpaidOrder();
    const res = await pay(t.app, admin, order.id);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ detail: 'Accès non autorisé à cette commande' });
    expect(await t.ctx.repos.payments.listByOrder(order.id)).toEqual([]);
    expect((await t.ctx.repos.orders.findById(order.id))?.status).toBe('CREE');
    expect(await t.ctx.repos.invoices.findByOrderId(order.id)).toBeNull();
  });
});

describe('refund ledger', () => {
  it('records a succeeded refund entry with the amount and the charged card’s last 4 digits', async () => {
    const { customer, order } = await unpaidOrder(2500, 2);
    const card = { card_number: '4242 4242 4242 1234', exp_month: 12, exp_year: 2030, cvc: '123' };
    expect((await pay(t.app, customer.token, order.id, card)).statusCode).toBe(200);

    const res = await adminPost(t.app, admin, '/orders/refund', { order_id: order.id, amount_cents: 1500 });
    expect(res.statusCode).toBe(200);

    const refunds = (await t.ctx.repos.payments.listByOrder(order.id)).filter((p) => p.kind === 'refund');
    expect(refunds).toEqual([
      {
        id: expect.any(String),
        orderId: order.id,
        userId: customer.userId,
        kind: 'refund',
        amountCents: 1500,
        succeeded: true,
        cardLast4: '1234',
        gatewayReference: `mock_re_${gateway.refunds.length}`,
        createdAt: t.clock.now(),
      },
    ]);
  });

  it('asks the gateway to refund the successful charge, not a declined attempt before it', async () => {
    const { customer, order } = await unpaidOrder(3000, 1);
    const declined = await pay(t.app, customer.token, order.id, DECLINED_CARD);
    expect(declined.statusCode).toBe(400);
    expect((await pay(t.app, customer.token, order.id)).statusCode).toBe(200);
    const charges = (await t.ctx.repos.payments.listByOrder(order.id)).filter((p) => p.kind === 'charge');
    const approved = charges.find((p) => p.succeeded);
    expect(charges).toHaveLength(2);
    expect(approved?.gatewayReference).toMatch(/^mock_ch_/);

    const res = await adminPost(t.app, admin, '/orders/refund', { order_id: order.id });
    expect(res.statusCode).toBe(200);
    expect(gateway.refunds.at(-1)).toEqual({
      chargeReference: approved?.gatewayReference,
      amountCents: 3000,
      // Names this refund (nothing refunded before it): a retry asks about the same one.
      idempotencyKey: `${order.id}:refund:0`,
    });
  });
});
