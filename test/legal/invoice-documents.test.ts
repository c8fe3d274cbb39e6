import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DocumentTexts } from '../../src/legal/document-texts.js';
import { formatEuros } from '../../src/legal/french-format.js';
import { pdfText } from '../helpers/pdf-text.js';
import { SELLER_ENV } from '../helpers/seller-env.js';
import { adminToken, createProduct, pay, placeOrder } from '../helpers/shop.js';
import {
  backendUnavailable,
  insertOrder,
  storeBackends,
  T0,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';
import { uid } from '../helpers/uid.js';

warnWhenPostgresSkipped('invoice documents');

interface InvoiceBody {
  number: string;
  total_cents: number;
  seller: Record<string, string>;
  buyer: { name: string; billing_address: string; delivery_address: string | null };
  lines: {
    description: string;
    unit_price_excl_vat_cents: number;
    vat_rate_percent: number;
    discount_cents: number;
    quantity: number;
  }[];
  vat_breakdown: { rate_percent: number; base_excl_vat_cents: number; vat_cents: number }[];
  payment: { paid_at: number; means: string };
  pdf_url: string;
}

describe.each(storeBackends)('%s store: the invoice as a legal document', (store, open) => {
  const skip = backendUnavailable(store);
  let t: TestApp;
  let opened: Awaited<ReturnType<typeof open>> | undefined;
  beforeAll(async () => {
    if (skip) return;
    opened = await open();
    t = await buildTestApp({ stores: opened.stores });
  });
  afterAll(async () => {
    if (skip) return;
    await t.app.close();
    await opened?.drop();
  });

  /** A customer's paid order of 2 × 1 234,50 € and 1 × 29,99 €, delivered elsewhere than billed. */
  async function paidOrder() {
    const buyer = await registerUser(t.app, {
      first_name: 'Zoé',
      last_name: 'Lefèvre',
      address: '12 Rue des Fleurs, 69001 Lyon',
    });
    const coat = await createProduct(t, { name: 'Manteau <b>Laine</b> & Cachemire', priceCents: 123450 });
    const scarf = await createProduct(t, { name: 'Écharpe', priceCents: 2999 });
    for (const [productId, quantity] of [
      [coat.id, 2],
      [scarf.id, 1],
    ] as const) {
      await t.app.inject({
        method: 'POST',
        url: '/api/cart/add',
        headers: bearer(buyer.token),
        payload: { product_id: productId, quantity },
      });
    }
    const checkout = await t.app.inject({
      method: 'POST',
      url: '/api/orders/checkout',
      headers: bearer(buyer.token),
      payload: { shipping_address: '3 rue de la Paix, 75002 Paris' },
    });
    const order = checkout.json<{ id: string }>();
    expect((await pay(t.app, buyer.token, order.id)).statusCode).toBe(200);
    return { buyer, order, coat, scarf };
  }

  const getInvoice = async (orderId: string, token: string) =>
    t.app.inject({ url: `/api/orders/${orderId}/invoice`, headers: bearer(token) });
  const getPdf = async (orderId: string, token: string) =>
    t.app.inject({ url: `/api/orders/${orderId}/invoice.pdf`, headers: bearer(token) });

  it.skipIf(skip)('answers every mandatory mention in the JSON, fixed at issue', async () => {
    const { buyer, order, coat, scarf } = await paidOrder();
    const res = await getInvoice(order.id, buyer.token);
    expect(res.statusCode, res.body).toBe(200);
    const invoice = res.json<InvoiceBody>();
    expect(invoice.seller).toEqual({
      name: 'Maison Démo',
      address: '10 rue de la République, 69002 Lyon, France',
      siren: '123456782',
      vat_number: 'FR11123456782',
      legal_form: 'SAS',
      share_capital: '10 000 €',
      rcs: 'RCS Lyon 123 456 782',
    });
    expect(invoice.buyer).toEqual({
      name: 'Zoé Lefèvre',
      billing_address: '12 Rue des Fleurs, 69001 Lyon',
      delivery_address: '3 rue de la Paix, 75002 Paris',
    });
    expect(invoice.lines).toMatchObject([
      {
        product_id: coat.id,
        description: `${coat.name} — réf. ${coat.variants[0]?.sku}`,
        quantity: 2,
        unit_price_excl_vat_cents: 102875,
        vat_rate_percent: 20,
        discount_cents: 0,
      },
      {
        product_id: scarf.id,
        description: `Écharpe — réf. ${scarf.variants[0]?.sku}`,
        quantity: 1,
        unit_price_excl_vat_cents: 2499,
        vat_rate_percent: 20,
        discount_cents: 0,
      },
    ]);
    // 249899 TTC at 20 %: VAT 41649.83 → 41650.
    expect(invoice.vat_breakdown).toEqual([
      { rate_percent: 20, base_excl_vat_cents: 208249, vat_cents: 41650 },
    ]);
    expect(invoice).toMatchObject({
      total_cents: 249899,
      total_excl_vat_cents: 208249,
      vat_cents: 41650,
      shipping_cents: 0,
      discount_cents: 0,
      sale_date: t.clock.now() / 1000,
      payment: { paid_at: t.clock.now() / 1000, means: 'Carte bancaire se terminant par 4242' },
      pdf_url: `/api/orders/${order.id}/invoice.pdf`,
    });

    // Renaming the product and editing the profile change nothing on the issued invoice.
    const admin = await adminToken(t);
    await t.app.inject({
      method: 'PUT',
      url: `/api/admin/products/${coat.id}`,
      headers: bearer(admin),
      payload: { name: 'Renommé' },
    });
    await t.app.inject({
      method: 'PUT',
      url: '/api/auth/me',
      headers: bearer(buyer.token),
      payload: { last_name: 'Autre', address: '1 place Bellecour, 69002 Lyon' },
    });
    expect((await getInvoice(order.id, admin)).json()).toEqual(invoice);
  });

  it.skipIf(skip)(
    'renders one A4 page whose text has every mention and the JSON’s exact figures',
    async () => {
      const { buyer, order, coat } = await paidOrder();
      const invoice = (await getInvoice(order.id, buyer.token)).json<InvoiceBody>();
      const res = await getPdf(order.id, buyer.token);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`inline; filename="${invoice.number}.pdf"`);
      const bytes = res.rawPayload;
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(res.headers.etag).toBe(`"${createHash('sha256').update(bytes).digest('hex')}"`);
      const { pages, text, glyphRuns } = await pdfText(bytes);
      expect(pages).toBe(1);
      // pdf.js's text layer turns every space into U+0020; the glyphs keep the font's own characters.
      const glyphs = glyphRuns.join('\n');
      const plain = (mention: string) => mention.replace(/[\u00A0\u202F]/g, ' ');
      const mentions = [
        DocumentTexts.invoiceTitle,
        `N° ${invoice.number}`,
        "Date d'émission : 15/01/2026",
        'Date de la vente : 15/01/2026',
        'Maison Démo',
        '10 rue de la République, 69002 Lyon, France',
        'SAS au capital de 10 000 € · RCS Lyon 123 456 782',
        'SIREN 123456782',
        'N° TVA intracommunautaire : FR11123456782',
        'Zoé Lefèvre',
        'Adresse de livraison : 3 rue de la Paix, 75002 Paris',
        // User text is drawn as text: markup characters come out as they were typed.
        coat.name,
        ...DocumentTexts.columns,
        '1\u202F028,75\u00A0€', // unit price HT of the coat
        '20\u00A0%',
        '2\u202F469,00\u00A0€', // its line, TTC
        'Total HT à 20\u00A0%',
        formatEuros(invoice.vat_breakdown[0]?.base_excl_vat_cents ?? -1),
        formatEuros(invoice.vat_breakdown[0]?.vat_cents ?? -1),
        'Frais de port TTC',
        'Total TTC',
        '2\u202F498,99\u00A0€',
        'Facture acquittée le 15/01/2026 par Carte bancaire se terminant par 4242.',
        'indemnité forfaitaire',
      ];
      for (const mention of mentions) expect(text, mention).toContain(plain(mention));
      for (const amount of mentions.filter((m) => m.includes('€') && m.includes(','))) {
        expect(glyphs, amount).toContain(amount);
      }
      expect(formatEuros(invoice.total_cents)).toBe('2\u202F498,99\u00A0€');
    },
  );

  it.skipIf(skip)('sends the same bytes on every download, whatever changed since', async () => {
    const { buyer, order, coat } = await paidOrder();
    const first = await getPdf(order.id, buyer.token);
    const admin = await adminToken(t);
    await t.app.inject({
      method: 'PUT',
      url: `/api/admin/products/${coat.id}`,
      headers: bearer(admin),
      payload: { name: 'Autre nom' },
    });
    await t.app.inject({
      method: 'PUT',
      url: '/api/auth/me',
      headers: bearer(buyer.token),
      payload: { first_name: 'Zoë' },
    });
    t.clock.advance(3_600_000);
    const again = await getPdf(order.id, admin);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);

    // Another server over the same stores with another seller configured: still the same invoice.
    if (!opened) throw new Error('stores not open');
    const moved = loadConfig({ SEED_DEMO: 'false', ...SELLER_ENV });
    const other = await buildTestApp({ stores: opened.stores, config: { seller: moved.seller } });
    try {
      const otherPdf = await other.app.inject({
        url: `/api/orders/${order.id}/invoice.pdf`,
        headers: bearer(buyer.token),
      });
      expect(otherPdf.rawPayload.equals(first.rawPayload)).toBe(true);
      const json = (
        await other.app.inject({ url: `/api/orders/${order.id}/invoice`, headers: bearer(buyer.token) })
      ).json<InvoiceBody>();
      expect(json.seller.name).toBe('Maison Démo');
      // …while an invoice issued under the new configuration names the new seller.
      const newBuyer = await registerUser(other.app);
      const product = await createProduct(other, { priceCents: 1000 });
      const next = await placeOrder(other.app, newBuyer.token, [{ productId: product.id, quantity: 1 }]);
      await pay(other.app, newBuyer.token, next.id);
      const issued = (
        await other.app.inject({ url: `/api/orders/${next.id}/invoice`, headers: bearer(newBuyer.token) })
      ).json<InvoiceBody>();
      expect(issued.seller.name).toBe('Atelier Dupont');
    } finally {
      // Closing the second app would close the shared stores: the suite drops them itself.
      other.ctx.close = async () => {};
      await other.app.close();
    }
  });

  it.skipIf(skip)('fixes an invoice issued before documents existed at its first PDF', async () => {
    if (!opened) throw new Error('stores not open');
    const buyer = await registerUser(t.app, {
      first_name: 'Ancien',
      last_name: 'Client',
      address: '2 rue Vieille, 13001 Marseille',
    });
    const order = await insertOrder(opened.stores, buyer.userId, { status: 'LIVREE', paymentId: uid('pay') });
    // As migration 015 found it: no document with the invoice.
    const invoice = await opened.stores.repos.invoices.issue(uid('inv'), 2025, {
      orderId: order.id,
      userId: buyer.userId,
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
      issuedAt: T0,
    });
    expect(invoice.document).toBeNull();
    const first = (await getInvoice(order.id, buyer.token)).json<InvoiceBody>();
    expect(first.buyer.name).toBe('Ancien Client');
    expect(first.vat_breakdown).toEqual([{ rate_percent: 20, base_excl_vat_cents: 1667, vat_cents: 333 }]);
    const pdf = await getPdf(order.id, buyer.token);
    expect(pdf.statusCode).toBe(200);
    await t.app.inject({
      method: 'PUT',
      url: '/api/auth/me',
      headers: bearer(buyer.token),
      payload: { last_name: 'Renommé' },
    });
    expect((await getInvoice(order.id, buyer.token)).json()).toEqual(first);
    expect((await getPdf(order.id, buyer.token)).rawPayload.equals(pdf.rawPayload)).toBe(true);
  });

  it.skipIf(skip)(
    'is the owner’s and the admins’ only: 404 before payment, 403 to another customer',
    async () => {
      const buyer = await registerUser(t.app);
      const product = await createProduct(t);
      const order = await placeOrder(t.app, buyer.token, [{ productId: product.id, quantity: 1 }]);
      const unpaid = await getPdf(order.id, buyer.token);
      expect(unpaid.statusCode).toBe(404);
      expect(unpaid.json()).toMatchObject({ detail: 'Facture introuvable', code: 'INVOICE_NOT_FOUND' });
      await pay(t.app, buyer.token, order.id);
      const stranger = await registerUser(t.app);
      const refused = await getPdf(order.id, stranger.token);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ detail: 'Accès non autorisé à cette commande' });
      expect((await getPdf('unknown', buyer.token)).statusCode).toBe(404);
      expect((await getPdf(order.id, await adminToken(t))).statusCode).toBe(200);
      expect((await t.app.inject({ url: `/api/orders/${order.id}/invoice.pdf` })).statusCode).toBe(401);
    },
  );
});
