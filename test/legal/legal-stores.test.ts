import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCreditNoteDocument, type CreditNoteDraft } from '../../src/legal/credit-note.js';
import { buildInvoiceDocument } from '../../src/legal/invoice-document.js';
import type { StoredPdf } from '../../src/legal/legal-pdf.repository.js';
import type { Stores } from '../../src/stores/stores.js';
import { adminQuery, TEST_DATABASE_URL } from '../helpers/postgres.js';
import {
  backendUnavailable,
  insertOrder,
  insertUser,
  openForSuite,
  storeBackends,
  T0,
  warnWhenPostgresSkipped,
} from '../helpers/store-backends.js';
import { defaultConfig } from '../helpers/test-config.js';
import { uid } from '../helpers/uid.js';

warnWhenPostgresSkipped('legal document stores');

const invoiceDocument = buildInvoiceDocument({
  sale: {
    items: [{ productId: 'x', name: 'X', unitPriceCents: 1000, quantity: 2 }],
    totalCents: 2000,
    shippingAddress: null,
  },
  seller: defaultConfig.seller,
  buyer: { firstName: 'A', lastName: 'B', address: 'adresse' },
  defaultVatRate: 20,
  paidAt: T0,
  paymentMeans: 'Carte bancaire',
});

/** A paid order with its invoice, stored, and a credit-note draft of `amountCents` against it. */
async function invoicedOrder(stores: Stores) {
  const userId = await insertUser(stores);
  const order = await insertOrder(stores, userId, { status: 'PAYEE', paymentId: uid('pay') });
  const invoice = await stores.repos.invoices.issue(uid('inv'), 2026, {
    orderId: order.id,
    userId,
    lines: [],
    totalCents: 2000,
    vatRatePercent: 20,
    totalExclVatCents: 1667,
    vatCents: 333,
    issuedAt: T0,
    document: invoiceDocument,
  });
  const draft = (amountCents: number): CreditNoteDraft => ({
    orderId: order.id,
    invoiceId: invoice.id,
    totalCents: amountCents,
    issuedAt: T0,
    document: buildCreditNoteDocument({
      invoice: { number: invoice.number, issuedAt: T0, document: invoiceDocument },
      previous: [],
      seller: defaultConfig.seller,
      amountCents,
      at: T0,
    }),
  });
  return { order, invoice, draft };
}

const pdfOf = (documentId: string, text: string): StoredPdf => {
  const bytes = Buffer.from(`%PDF-1.7 ${text}`);
  return {
    documentId,
    kind: 'invoice',
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    document: { text },
    renderedAt: T0,
  };
};

describe.each(storeBackends)('%s store: legal documents', (name, open) => {
  const skip = backendUnavailable(name);
  const stores = openForSuite(name, open);

  it.skipIf(skip)('stores the invoice’s document with it, as it was given', async () => {
    const { order } = await invoicedOrder(stores());
    expect((await stores().repos.invoices.findByOrderId(order.id))?.document).toEqual(invoiceDocument);
  });

  it.skipIf(skip)(
    'numbers credit notes consecutively per year, in their own series, when issued concurrently',
    async () => {
      const year = 3000 + Math.floor(Math.random() * 1000);
      const invoiced = await Promise.all(Array.from({ length: 6 }, () => invoicedOrder(stores())));
      const notes = await Promise.all(
        invoiced.flatMap(({ draft }) =>
          [100, 200].map((amount) => stores().repos.creditNotes.issue(uid('cn'), year, draft(amount))),
        ),
      );
      expect(notes.map((n) => n.number).sort()).toEqual(
        notes.map((_, i) => `AV-${year}-${String(i + 1).padStart(6, '0')}`),
      );
      const first = invoiced[0];
      if (!first) throw new Error('no order');
      const listed = await stores().repos.creditNotes.listByOrderId(first.order.id);
      expect(listed.map((n) => n.totalCents).sort()).toEqual([100, 200]);
      expect(await stores().repos.creditNotes.findById(listed[0]?.id ?? '')).toEqual(listed[0]);
      expect(await stores().repos.creditNotes.findById('unknown')).toBeNull();
    },
  );

  it.skipIf(skip)('gives a credit note’s number back when its unit of work fails', async () => {
    const year = 4000 + Math.floor(Math.random() * 1000);
    const { order, draft } = await invoicedOrder(stores());
    await expect(
      stores().unitOfWork.run(async ({ creditNotes }) => {
        await creditNotes.issue(uid('cn'), year, draft(100));
        throw new Error('the refund failed after its note');
      }),
    ).rejects.toThrow('the refund failed');
    expect(await stores().repos.creditNotes.listByOrderId(order.id)).toEqual([]);
    const next = await stores().repos.creditNotes.issue(uid('cn'), year, draft(100));
    expect(next.number).toBe(`AV-${year}-000001`);
  });

  it.skipIf(skip)(
    'keeps the first PDF of a document: a later or racing render never replaces it',
    async () => {
      const id = uid('doc');
      const kept = await Promise.all(
        ['first', 'second', 'third'].map((text) => stores().repos.legalPdfs.keep(pdfOf(id, text))),
      );
      const stored = await stores().repos.legalPdfs.find(id);
      expect(stored).not.toBeNull();
      for (const pdf of kept) {
        expect(pdf.bytes.equals(stored?.bytes ?? Buffer.alloc(0))).toBe(true);
        expect(pdf.sha256).toBe(stored?.sha256);
      }
      expect(
        createHash('sha256')
          .update(stored?.bytes ?? '')
          .digest('hex'),
      ).toBe(stored?.sha256);
      const later = await stores().repos.legalPdfs.keep(pdfOf(id, 'later'));
      expect(later.bytes.equals(stored?.bytes ?? Buffer.alloc(0))).toBe(true);
      expect(await stores().repos.legalPdfs.find('unknown')).toBeNull();
    },
  );

  it.skipIf(skip || name !== 'postgres')(
    'refuses in the database itself to edit or delete an issued document',
    async () => {
      const { invoice, draft } = await invoicedOrder(stores());
      const note = await stores().repos.creditNotes.issue(uid('cn'), 2026, draft(100));
      const pdfId = uid('doc');
      await stores().repos.legalPdfs.keep(pdfOf(pdfId, 'x'));
      const url = TEST_DATABASE_URL ?? '';
      // The suite's schema is the stores' search_path; the admin connection names it.
      // The suite's schema is its stores' search_path: the one whose credit_notes holds this note.
      const schemas = await adminQuery<{ schema: string }>(
        url,
        "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'credit_notes'",
      );
      let schema = '';
      for (const row of schemas) {
        const found = await adminQuery(url, `SELECT 1 FROM ${row.schema}.credit_notes WHERE id = $1`, [
          note.id,
        ]);
        if (found.length > 0) schema = row.schema;
      }
      expect(schema).not.toBe('');
      for (const statement of [
        `UPDATE ${schema}.invoices SET total_cents = 1 WHERE id = '${invoice.id}'`,
        `DELETE FROM ${schema}.invoices WHERE id = '${invoice.id}'`,
        `UPDATE ${schema}.credit_notes SET total_cents = 1 WHERE id = '${note.id}'`,
        `DELETE FROM ${schema}.credit_notes WHERE id = '${note.id}'`,
        `UPDATE ${schema}.legal_pdfs SET pdf = 'x' WHERE document_id = '${pdfId}'`,
        `DELETE FROM ${schema}.legal_pdfs WHERE document_id = '${pdfId}'`,
      ])
        await expect(adminQuery(url, statement), statement).rejects.toThrow(/cannot be (update|delete)/);
      expect((await stores().repos.creditNotes.findById(note.id))?.totalCents).toBe(100);
    },
  );
});
