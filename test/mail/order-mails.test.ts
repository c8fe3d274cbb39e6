import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminPost, adminToken, createProduct, pay, placeOrder } from '../helpers/shop.js';
import { type ReceivedMail, SmtpSink } from '../helpers/smtp-sink.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';
import { uid } from '../helpers/uid.js';

/** Each order and support move delivers its mail, to the right customer, saying what happened. */
const sink = new SmtpSink();
let t: TestApp;
let admin: string;

beforeAll(async () => {
  await sink.start();
});
afterAll(async () => sink.stop());
beforeEach(async () => {
  t = await buildTestApp({ config: { smtpUrl: sink.url, mailPollIntervalMs: 50 } });
  admin = await adminToken(t);
});
afterEach(async () => t.app.close());

const subjectOf = (to: string, start: string): Promise<ReceivedMail> =>
  sink
    .waitFor((m) => m.to === to && m.subject.startsWith(start))
    .then((found) => {
      const mail = found[0];
      if (!mail) throw new Error('no mail');
      return mail;
    });

async function shopper() {
  const user = await registerUser(t.app, { email: `${uid('buyer')}@example.com`, first_name: 'Inès' });
  const pull = await createProduct(t, { name: 'Pull <Laine>', priceCents: 7999, stockQty: 5 });
  const order = await placeOrder(t.app, user.token, [{ productId: pull.id, quantity: 2 }]);
  return { user, order, pull };
}

describe('order mails', () => {
  it('checkout, payment, refund, shipping and delivery each deliver their mail', async () => {
    const { user, order } = await shopper();
    const short = order.id.slice(0, 8).toUpperCase();
    const confirmed = await subjectOf(user.email, `Commande ${short} confirmée`);
    expect(confirmed.text).toContain('2 × Pull <Laine> : 159,98');
    expect(confirmed.text).toContain('Total TTC : 159,98');
    expect(confirmed.text).toContain('Livraison : ');
    expect(confirmed.html).toContain('Pull &lt;Laine&gt;');

    expect((await pay(t.app, user.token, order.id)).statusCode).toBe(200);
    const invoice = (
      await t.app.inject({ url: `/api/orders/${order.id}/invoice`, headers: bearer(user.token) })
    ).json<{
      number: string;
    }>();
    const paid = await subjectOf(user.email, `Paiement reçu pour la commande ${short}`);
    expect(invoice.number).toMatch(/^FAC-\d{4}-\d{6}$/);
    expect(paid.text).toContain(invoice.number);
    expect(paid.text).toContain(`/commandes/${order.id}/facture`);

    expect(
      (await adminPost(t.app, admin, '/orders/refund', { order_id: order.id, amount_cents: 500 })).statusCode,
    ).toBe(200);
    const refunded = await subjectOf(user.email, `Remboursement de la commande ${short}`);
    expect(refunded.text).toContain('5,00');

    expect(
      (await adminPost(t.app, admin, '/orders/ship', { order_id: order.id, carrier: 'Colissimo' }))
        .statusCode,
    ).toBe(200);
    const shipped = await subjectOf(user.email, `Commande ${short} expédiée`);
    const tracking = (await t.ctx.repos.orders.findById(order.id))?.delivery?.trackingNumber ?? 'none';
    expect(shipped.text).toContain('Colissimo');
    expect(shipped.text).toContain(tracking);

    expect((await adminPost(t.app, admin, '/orders/deliver', { order_id: order.id })).statusCode).toBe(200);
    await subjectOf(user.email, `Commande ${short} livrée`);

    // Each mail once, each with its own Message-ID.
    await t.ctx.services.mail.worker.deliverDue();
    const mine = sink.to(user.email);
    expect(mine.map((m) => m.subject.split(' — ')[0])).toEqual([
      'Vérifiez votre adresse e-mail',
      `Commande ${short} confirmée`,
      `Paiement reçu pour la commande ${short}`,
      `Remboursement de la commande ${short}`,
      `Commande ${short} expédiée`,
      `Commande ${short} livrée`,
    ]);
    expect(new Set(mine.map((m) => m.messageId)).size).toBe(mine.length);
  });

  it('an unpaid order cancelled by expiry tells its customer', async () => {
    const { user, order } = await shopper();
    t.clock.advance(t.ctx.config.unpaidOrderTtlSeconds * 1000 + 1);
    await t.ctx.services.housekeeping.sweep();
    const cancelled = await subjectOf(user.email, `Commande ${order.id.slice(0, 8).toUpperCase()} annulée`);
    expect(cancelled.text).toContain('remis en stock');
  });

  it('a refused checkout writes no mail', async () => {
    const user = await registerUser(t.app, { email: `${uid('empty')}@example.com` });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/orders/checkout',
      headers: bearer(user.token),
    });
    expect(res.statusCode).toBe(400);
    await t.ctx.services.mail.worker.deliverDue();
    const emails = await t.app.inject({ url: '/api/admin/emails', headers: bearer(admin) });
    const rows = emails.json<{ emails: { recipient: string; template: string }[] }>().emails;
    expect(rows.filter((m) => m.recipient === user.email).map((m) => m.template)).toEqual(['verify_email']);
  });
});

describe('support mails', () => {
  it("a staff reply mails the thread's owner, and no one else", async () => {
    const user = await registerUser(t.app, { email: `${uid('asker')}@example.com`, first_name: 'Noé' });
    const opened = await t.app.inject({
      method: 'POST',
      url: '/api/support/threads',
      headers: bearer(user.token),
      payload: { subject: 'Taille du sweat', initial_message: 'Taille-t-il grand ?' },
    });
    const thread = opened.json<{ id: string }>().id;
    const reply = await adminPost(t.app, admin, `/support/threads/${thread}/reply`, {
      body: 'Il taille normalement.',
    });
    expect(reply.statusCode).toBe(200);
    const mail = await subjectOf(user.email, 'Réponse du support : Taille du sweat');
    expect(mail.text).toContain('Il taille normalement.');
    expect(mail.text).toContain(`/support/${thread}`);
    // The customer's own messages mail nobody.
    await t.app.inject({
      method: 'POST',
      url: `/api/support/threads/${thread}/messages`,
      headers: bearer(user.token),
      payload: { body: 'Merci !' },
    });
    await t.ctx.services.mail.worker.deliverDue();
    expect(sink.to(user.email).filter((m) => m.subject.startsWith('Réponse du support'))).toHaveLength(1);
  });
});

describe('admin outbox', () => {
  it('lists mails by status with attempts and last error, and retries a failed one', async () => {
    const user = await registerUser(t.app, { email: `${uid('late')}@example.com` });
    await subjectOf(user.email, 'Vérifiez');
    const list = async (status: string) =>
      (await t.app.inject({ url: `/api/admin/emails?status=${status}`, headers: bearer(admin) })).json<{
        emails: {
          id: string;
          recipient: string;
          status: string;
          attempts: number;
          last_error: string | null;
        }[];
        total: number;
      }>();
    const sent = await list('sent');
    const mine = sent.emails.find((m) => m.recipient === user.email);
    expect(mine).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(JSON.stringify(sent)).not.toContain('token');
    // A sent mail is not retried; an unknown id is a 404.
    const notFailed = await t.app.inject({
      method: 'POST',
      url: `/api/admin/emails/${mine?.id}/retry`,
      headers: bearer(admin),
    });
    expect(notFailed.statusCode).toBe(409);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/admin/emails/nope/retry',
      headers: bearer(admin),
    });
    expect(unknown.statusCode).toBe(404);
    const customer = (await t.app.inject({ url: '/api/admin/emails', headers: bearer(user.token) }))
      .statusCode;
    expect(customer).toBe(403);
  });
});
