import { describe, expect, it } from 'vitest';
import { buildCreditNoteDocument, formatCreditNoteNumber } from '../../src/legal/credit-note.js';
import { formatDate, formatEuros, formatRate } from '../../src/legal/french-format.js';
import { buildInvoiceDocument, type InvoiceFacts } from '../../src/legal/invoice-document.js';
import { defaultConfig } from '../helpers/test-config.js';

const PAID_AT = Date.UTC(2026, 2, 5, 10);

const facts = (overrides: Partial<InvoiceFacts> = {}): InvoiceFacts => ({
  sale: {
    items: [
      { productId: 'p1', name: 'Pull Col Roulé', unitPriceCents: 7999, quantity: 2 },
      { productId: 'p2', name: 'Écharpe', unitPriceCents: 2999, quantity: 1 },
    ],
    totalCents: 18997,
    shippingAddress: null,
  },
  seller: defaultConfig.seller,
  buyer: { firstName: 'Zoé', lastName: 'Lefèvre', address: '12 Rue des Fleurs, 69001 Lyon' },
  defaultVatRate: 20,
  paidAt: PAID_AT,
  paymentMeans: 'Carte bancaire se terminant par 4242',
  ...overrides,
});

describe('French formats', () => {
  it.each([
    [0, '0,00\u00A0€'],
    [5, '0,05\u00A0€'],
    [123450, '1\u202F234,50\u00A0€'],
    [123456789, '1\u202F234\u202F567,89\u00A0€'],
    [-2500, '-25,00\u00A0€'],
  ])('%i cents is "%s" (narrow no-break spaces between thousands)', (cents, text) => {
    expect(formatEuros(cents)).toBe(text);
  });

  it('writes rates with a decimal comma and dates in France’s calendar day', () => {
    expect(formatRate(5.5)).toBe('5,5\u00A0%');
    expect(formatRate(20)).toBe('20\u00A0%');
    // 23:30 UTC on 15 January is already the 16th in Paris.
    expect(formatDate(Date.UTC(2026, 0, 15, 23, 30))).toBe('16/01/2026');
    expect(formatDate(Date.UTC(2026, 6, 1, 21, 59))).toBe('01/07/2026');
    expect(formatDate(Date.UTC(2026, 6, 1, 22, 0))).toBe('02/07/2026');
  });
});

describe('the invoice document', () => {
  it('carries the seller, the buyer, and per line the unit price HT, the rate and the discount share', () => {
    const doc = buildInvoiceDocument(facts());
    expect(doc.seller).toEqual(defaultConfig.seller);
    expect(doc.buyer).toEqual({
      name: 'Zoé Lefèvre',
      billingAddress: '12 Rue des Fleurs, 69001 Lyon',
      deliveryAddress: null,
    });
    expect(doc.lines).toEqual([
      {
        productId: 'p1',
        description: 'Pull Col Roulé',
        quantity: 2,
        unitPriceCents: 7999,
        // 7999 / 1.2 = 6665.83 → VAT 1333 (half up), HT 6666.
        unitPriceExclVatCents: 6666,
        vatRate: 20,
        discountCents: 0,
        lineTotalCents: 15998,
      },
      {
        productId: 'p2',
        description: 'Écharpe',
        quantity: 1,
        unitPriceCents: 2999,
        unitPriceExclVatCents: 2499,
        vatRate: 20,
        discountCents: 0,
        lineTotalCents: 2999,
      },
    ]);
    // 18997 TTC at 20 %: VAT 3166.17 → 3166 on the rate's total, once.
    expect(doc.vat).toEqual([{ rate: 20, baseExclVatCents: 15831, vatCents: 3166 }]);
    expect(doc).toMatchObject({
      totalCents: 18997,
      totalExclVatCents: 15831,
      vatCents: 3166,
      shippingCents: 0,
      discountCents: 0,
      saleDate: PAID_AT,
      payment: { paidAt: PAID_AT, means: 'Carte bancaire se terminant par 4242' },
    });
  });

  it('names the delivery address only when it differs from the billing one', () => {
    const elsewhere = buildInvoiceDocument(
      facts({ sale: { ...facts().sale, shippingAddress: '3 rue de la Paix, 75002 Paris' } }),
    );
    expect(elsewhere.buyer.deliveryAddress).toBe('3 rue de la Paix, 75002 Paris');
    const same = buildInvoiceDocument(
      facts({ sale: { ...facts().sale, shippingAddress: ' 12 rue des fleurs,  69001 LYON ' } }),
    );
    expect(same.buyer.deliveryAddress).toBeNull();
  });

  it('reads per-line rates, discount shares and shipping from the order when it carries them', () => {
    const doc = buildInvoiceDocument(
      facts({
        sale: {
          items: [
            {
              productId: 'book',
              name: 'Livre',
              unitPriceCents: 2110,
              quantity: 1,
              vatRate: 5.5,
              discountCents: 211,
            },
            {
              productId: 'mug',
              name: 'Tasse',
              unitPriceCents: 1200,
              quantity: 2,
              vatRate: 20,
              discountCents: 240,
            },
          ],
          totalCents: 2110 + 2400 - 451 + 490,
          shippingAddress: null,
          shippingCents: 490,
        },
      }),
    );
    expect(doc.lines.map((l) => [l.vatRate, l.discountCents, l.lineTotalCents])).toEqual([
      [5.5, 211, 1899],
      [20, 240, 2160],
    ]);
    expect(doc.shippingCents).toBe(490);
    expect(doc.discountCents).toBe(451);
    expect(doc.totalCents).toBe(4549);
    expect(doc.vat.map((l) => l.rate)).toEqual([20, 5.5]);
    expect(doc.vat.reduce((sum, l) => sum + l.baseExclVatCents + l.vatCents, 0)).toBe(4549);
    expect(doc.totalExclVatCents + doc.vatCents).toBe(4549);
  });
});

describe('the credit note document', () => {
  const invoiceDoc = buildInvoiceDocument(
    facts({
      sale: {
        items: [
          { productId: 'book', name: 'Livre', unitPriceCents: 2110, quantity: 1, vatRate: 5.5 },
          { productId: 'mug', name: 'Tasse', unitPriceCents: 1199, quantity: 3, vatRate: 20 },
        ],
        totalCents: 2110 + 3597,
        shippingAddress: null,
      },
    }),
  );
  const invoice = { number: 'FAC-2026-000007', issuedAt: PAID_AT, document: invoiceDoc };
  const note = (amountCents: number, previous = [] as ReturnType<typeof buildCreditNoteDocument>[]) =>
    buildCreditNoteDocument({
      invoice,
      previous,
      seller: defaultConfig.seller,
      amountCents,
      at: PAID_AT + 1000,
    });

  it('numbers its own series AV-<year>-<6 digits>', () => {
    expect(formatCreditNoteNumber(2026, 42)).toBe('AV-2026-000042');
  });

  it('names the invoice it corrects and spreads a partial refund over the rates', () => {
    const partial = note(1000);
    expect(partial.corrects).toEqual({ invoiceNumber: 'FAC-2026-000007', invoiceIssuedAt: PAID_AT });
    expect(partial.buyer).toEqual(invoiceDoc.buyer);
    expect(partial.totalCents).toBe(1000);
    expect(partial.vat.reduce((sum, l) => sum + l.baseExclVatCents + l.vatCents, 0)).toBe(1000);
    expect(partial.totalExclVatCents + partial.vatCents).toBe(1000);
    // 3597 of 5707 is at 20 %: 630 of the 1000 (largest remainder), the rest at 5.5 %.
    expect(partial.vat.map((l) => [l.rate, l.baseExclVatCents + l.vatCents])).toEqual([
      [20, 630],
      [5.5, 370],
    ]);
  });

  it('adds up to the invoice, rate by rate, once everything is refunded in pieces', () => {
    const notes: ReturnType<typeof buildCreditNoteDocument>[] = [];
    for (const amount of [1, 333, 1000, 2500]) notes.push(note(amount, notes));
    notes.push(note(5707 - 3834, notes));
    for (const line of invoiceDoc.vat) {
      const credited = notes.flatMap((n) => n.vat).filter((l) => l.rate === line.rate);
      expect(
        credited.reduce((s, l) => s + l.baseExclVatCents, 0),
        `base ${line.rate}`,
      ).toBe(line.baseExclVatCents);
      expect(
        credited.reduce((s, l) => s + l.vatCents, 0),
        `VAT ${line.rate}`,
      ).toBe(line.vatCents);
    }
    expect(() => note(1, notes)).toThrow(RangeError);
  });
});
