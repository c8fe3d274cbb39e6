import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEuros } from '../../src/legal/french-format.js';
import { pdfText } from '../helpers/pdf-text.js';
import { adminPost, adminToken, createProduct, pay, placeOrder } from '../helpers/shop.js';
import { backendUnavailable, storeBackends, warnWhenPostgresSkipped } from '../helpers/store-backends.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

warnWhenPostgresSkipped('credit notes');

interface CreditNoteBody {
  id: string;
  order_id: string;
  number: string;
  invoice_number: string;
  invoice_issued_at: number;
  issued_at: number;
  total_cents: number;
  total_excl_vat_cents: number;
  vat_cents: number;
  vat_breakdown: { rate_percent: number; base_excl_vat_cents: number; vat_cents: number }[];
  seller: Record<string, string>;
  buyer: Record<string, string | null>;
  pdf_url: string;
}

describe.each(storeBackends)('%s store: credit notes', (store) => {
  const skip = backendUnavailable(store);
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    if (skip) return;
    t = await buildTestApp({ store });
    admin = await adminToken(t);
  });
  afterAll(async () => {
    if (!skip) await t.app.close();
  });

  async function paidOrder(priceCents = 5997) {
    const buyer = await registerUser(t.app, { first_name: 'Léa', last_name: 'Moreau' });
    const product = await createProduct(t, { priceCents, stockQty: 100 });
    const order = await placeOrder(t.app, buyer.token, [{ productId: product.id, quantity: 1 }]);
    expect((await pay(t.app, buyer.token, order.id)).statusCode).toBe(200);
    const invoice = (
      await t.app.inject({ url: `/api/orders/${order.id}/invoice`, headers: bearer(buyer.token) })
    ).json<{
      number: string;
      issued_at: number;
      vat_breakdown: { base_excl_vat_cents: number; vat_cents: number }[];
    }>();
    return { buyer, order, invoice };
  }
  const creditNotesOf = async (orderId: string, token: string) =>
    (await t.app.inject({ url: `/api/orders/${orderId}/credit-notes`, headers: bearer(token) })).json<{
      credit_notes: CreditNoteBody[];
    }>().credit_notes;
  const numberOf = (note: CreditNoteBody) => Number(note.number.slice(-6));

  it.skipIf(skip)('issues one per refund, naming the invoice it corrects, shown on the order', async () => {
    const { buyer, order, invoice } = await paidOrder();
    expect(await creditNotesOf(order.id, buyer.token)).toEqual([]);
    t.clock.advance(60_000);
    expect(
      (await adminPost(t.app, admin, '/orders/refund', { order_id: order.id, amount_cents: 1200 }))
        .statusCode,
    ).toBe(200);
    const [note] = await creditNotesOf(order.id, buyer.token);
    // 1200 TTC at 20 %: VAT 200, HT 1000.
    expect(note).toMatchObject({
      number: expect.stringMatching(/^AV-2026-\d{6}$/),
      order_id: order.id,
      invoice_number: invoice.number,
      invoice_issued_at: invoice.issued_at,
      issued_at: t.clock.now() / 1000,
      reason: 'Remboursement',
      vat_breakdown: [{ rate_percent: 20, base_excl_vat_cents: 1000, vat_cents: 200 }],
      total_excl_vat_cents: 1000,
      vat_cents: 200,
      total_cents: 1200,
      total_euros: 12,
      seller: { siren: '123456782', vat_number: 'FR11123456782' },
      buyer: { name: 'Léa Moreau' },
    });
    const shown = (
      await t.app.inject({ url: `/api/orders/${order.id}`, headers: bearer(buyer.token) })
    ).json();
    expect(shown.credit_notes).toEqual([
      {
        id: note?.id,
        number: note?.number,
        issued_at: note?.issued_at,
        total_cents: 1200,
        pdf_url: `/api/credit-notes/${note?.id}.pdf`,
      },
    ]);

    // The rest, refunded in full: a second note, the next number, and the two add up to the invoice.
    expect((await adminPost(t.app, admin, '/orders/refund', { order_id: order.id })).statusCode).toBe(200);
    const notes = await creditNotesOf(order.id, admin);
    expect(notes.map((n) => n.total_cents)).toEqual([1200, 4797]);
    expect(numberOf(notes[1] as CreditNoteBody)).toBe(numberOf(notes[0] as CreditNoteBody) + 1);
    const sum = (pick: (line: CreditNoteBody['vat_breakdown'][number]) => number) =>
      notes.flatMap((n) => n.vat_breakdown).reduce((s, line) => s + pick(line), 0);
    expect(sum((l) => l.base_excl_vat_cents)).toBe(invoice.vat_breakdown[0]?.base_excl_vat_cents);
    expect(sum((l) => l.vat_cents)).toBe(invoice.vat_breakdown[0]?.vat_cents);
  });

  it.skipIf(skip)(
    'renders a PDF with every mention, the corrected invoice and the amounts, the same bytes twice',
    async () => {
      const { buyer, order, invoice } = await paidOrder(123456);
      await adminPost(t.app, admin, '/orders/refund', { order_id: order.id, amount_cents: 120000 });
      const [note] = await creditNotesOf(order.id, buyer.token);
      const res = await t.app.inject({ url: note?.pdf_url ?? '', headers: bearer(buyer.token) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`inline; filename="${note?.number}.pdf"`);
      const { pages, text, glyphRuns } = await pdfText(res.rawPayload);
      expect(pages).toBe(1);
      const glyphs = glyphRuns.join('\n');
      for (const mention of [
        "FACTURE D'AVOIR",
        `N° ${note?.number}`,
        `Avoir sur la facture ${invoice.number} du 15/01/2026`,
        'Motif : Remboursement',
        'Maison Démo',
        'SAS au capital de 10 000 € · RCS Lyon 123 456 782',
        'SIREN 123456782',
        'N° TVA intracommunautaire : FR11123456782',
        'Léa Moreau',
        'Total HT remboursé',
        'TVA remboursée',
        'Total TTC remboursé',
      ])
        expect(text, mention).toContain(mention);
      // 120000 TTC at 20 %: VAT 20000, HT 100000, with narrow no-break spaces between thousands.
      for (const amount of [formatEuros(100000), formatEuros(20000), formatEuros(120000)])
        expect(glyphs, amount).toContain(amount);
      expect(formatEuros(note?.total_cents ?? 0)).toBe('1\u202F200,00\u00A0€');
      const again = await t.app.inject({ url: note?.pdf_url ?? '', headers: bearer(admin) });
      expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
    },
  );

  it.skipIf(skip)(
    'belongs to the order’s owner and the admins: 404 for an unknown note, 403 for another customer',
    async () => {
      const { buyer, order } = await paidOrder();
      await adminPost(t.app, admin, '/orders/refund', { order_id: order.id, amount_cents: 100 });
      const [note] = await creditNotesOf(order.id, buyer.token);
      const stranger = await registerUser(t.app);
      const refused = await t.app.inject({ url: note?.pdf_url ?? '', headers: bearer(stranger.token) });
      expect(refused.statusCode).toBe(403);
      const list = await t.app.inject({
        url: `/api/orders/${order.id}/credit-notes`,
        headers: bearer(stranger.token),
      });
      expect(list.statusCode).toBe(403);
      const unknown = await t.app.inject({
        url: '/api/credit-notes/unknown.pdf',
        headers: bearer(buyer.token),
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ detail: 'Avoir introuvable', code: 'CREDIT_NOTE_NOT_FOUND' });
    },
  );

  it.skipIf(skip)('leaves no note for a refused refund', async () => {
    const { buyer, order } = await paidOrder();
    const refused = await adminPost(t.app, admin, '/orders/refund', {
      order_id: order.id,
      amount_cents: 999999,
    });
    expect(refused.statusCode).toBe(400);
    expect(await creditNotesOf(order.id, buyer.token)).toEqual([]);
  });

  it.skipIf(skip)(
    'racing refunds on one order and on others: gapless numbers, one note per refund, never more than paid',
    { timeout: 60_000 },
    async () => {
      const orders = [];
      for (let i = 0; i < 6; i += 1) orders.push(await paidOrder(1000));
      const before = (await Promise.all(orders.map((o) => creditNotesOf(o.order.id, admin)))).flat();
      expect(before).toEqual([]);
      // 5 refunds of 300 on each 1000 order, all at once: 3 fit on each, the others are refused.
      const answers = await Promise.all(
        orders.flatMap((o) =>
          Array.from({ length: 5 }, () =>
            adminPost(t.app, admin, '/orders/refund', { order_id: o.order.id, amount_cents: 300 }),
          ),
        ),
      );
      expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(18);
      expect(answers.filter((r) => r.statusCode !== 200).map((r) => r.statusCode)).toEqual(
        Array(12).fill(400),
      );
      const notes = (await Promise.all(orders.map((o) => creditNotesOf(o.order.id, admin)))).flat();
      expect(notes).toHaveLength(18);
      const numbers = notes.map(numberOf).sort((a, b) => a - b);
      const first = numbers[0] ?? 0;
      expect(numbers).toEqual(numbers.map((_, i) => first + i));
      for (const { order } of orders) {
        const stored = await t.ctx.repos.orders.findById(order.id);
        const credited = notes.filter((n) => n.order_id === order.id);
        expect(stored?.refundedCents).toBe(900);
        expect(credited.reduce((s, n) => s + n.total_cents, 0)).toBe(900);
      }
    },
  );
});
