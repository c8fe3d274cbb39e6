import { z } from 'zod';
import { apiSchemas } from '../platform/schemas.js';
import { toEpochSeconds } from '../shared/clock.js';
import { centsToEuros } from '../shared/money.js';
import type { CreditNote } from './credit-note.js';
import type { DocumentBuyer, DocumentSeller, DocumentVatLine } from './invoice-document.js';
import type { InvoiceWithDocument } from './legal.service.js';

const Cents = z.number().int();

const SellerResponseSchema = z
  .object({
    name: z.string(),
    address: z.string(),
    siren: z.string(),
    vat_number: z.string(),
    legal_form: z.string(),
    share_capital: z.string(),
    rcs: z.string(),
  })
  .describe('Le vendeur, tel qu’il était à l’émission du document')
  .meta({
    example: {
      name: 'Maison Démo',
      address: '10 rue de la République, 69002 Lyon, France',
      siren: '123456782',
      vat_number: 'FR11123456782',
      legal_form: 'SAS',
      share_capital: '10 000 €',
      rcs: 'RCS Lyon 123 456 782',
    },
  });

const BuyerResponseSchema = z
  .object({
    name: z.string(),
    billing_address: z.string(),
    delivery_address: z.string().nullable().describe('Seulement quand elle diffère de la facturation'),
  })
  .describe('Le client, tel qu’il était à l’émission de la facture');

const VatLineResponseSchema = z
  .object({ rate_percent: z.number(), base_excl_vat_cents: Cents, vat_cents: Cents })
  .meta({ example: { rate_percent: 20, base_excl_vat_cents: 5831, vat_cents: 1166 } });

export const InvoiceResponseSchema = z.object({
  id: z.string(),
  number: z.string().meta({ example: 'FAC-2026-000001' }),
  order_id: z.string(),
  user_id: z.string(),
  lines: z.array(
    z.object({
      product_id: z.string(),
      variant_id: z.string(),
      sku: z.string(),
      options: z.record(z.string(), z.string()),
      name: z.string(),
      unit_price_cents: Cents,
      quantity: z.number().int(),
      line_total_cents: Cents,
      description: z.string().describe('La désignation, figée à la commande'),
      unit_price_excl_vat_cents: Cents.describe('Prix unitaire HT'),
      vat_rate_percent: z.number(),
      discount_cents: Cents.describe('Part de la remise sur la ligne, TTC (0 sans promotion)'),
    }),
  ),
  total_cents: Cents,
  total_euros: z.number(),
  vat_rate_percent: z.number(),
  total_excl_vat_cents: Cents,
  vat_cents: Cents,
  issued_at: z.number(),
  seller: SellerResponseSchema,
  buyer: BuyerResponseSchema,
  sale_date: z.number().describe('Date de la vente (le paiement), en secondes'),
  vat_breakdown: z.array(VatLineResponseSchema).describe('Total HT et TVA par taux, port compris'),
  shipping_cents: Cents,
  discount_cents: Cents,
  payment: z.object({ paid_at: z.number(), means: z.string() }),
  pdf_url: z.string().meta({ example: '/api/orders/3f0c…/invoice.pdf' }),
});

export const CreditNoteResponseSchema = z.object({
  id: z.string(),
  number: z.string().meta({ example: 'AV-2026-000001' }),
  order_id: z.string(),
  invoice_id: z.string(),
  invoice_number: z.string().describe('La facture que cet avoir corrige'),
  invoice_issued_at: z.number(),
  issued_at: z.number(),
  reason: z.string().meta({ example: 'Remboursement' }),
  seller: SellerResponseSchema,
  buyer: BuyerResponseSchema,
  vat_breakdown: z.array(VatLineResponseSchema).describe('Montants remboursés HT et TVA, par taux'),
  total_excl_vat_cents: Cents,
  vat_cents: Cents,
  total_cents: Cents.meta({ example: 500 }),
  total_euros: z.number(),
  pdf_url: z.string().meta({ example: '/api/credit-notes/9b1e….pdf' }),
});

export const CreditNoteListResponseSchema = z.object({ credit_notes: z.array(CreditNoteResponseSchema) });

export const PdfResponseSchema = z
  .string()
  .meta({ format: 'binary' })
  .describe('Le PDF, octets figés à la première lecture');

type InvoiceResponse = z.infer<typeof InvoiceResponseSchema>;
type CreditNoteResponse = z.infer<typeof CreditNoteResponseSchema>;

const toSeller = (seller: DocumentSeller) => ({
  name: seller.name,
  address: seller.address,
  siren: seller.siren,
  vat_number: seller.vatNumber,
  legal_form: seller.legalForm,
  share_capital: seller.shareCapital,
  rcs: seller.rcs,
});

const toBuyer = (buyer: DocumentBuyer) => ({
  name: buyer.name,
  billing_address: buyer.billingAddress,
  delivery_address: buyer.deliveryAddress,
});

const toVat = (vat: readonly DocumentVatLine[]) =>
  vat.map((line) => ({
    rate_percent: line.rate,
    base_excl_vat_cents: line.baseExclVatCents,
    vat_cents: line.vatCents,
  }));

export const invoicePdfPath = (orderId: string) => `/api/orders/${orderId}/invoice.pdf`;
export const creditNotePdfPath = (id: string) => `/api/credit-notes/${id}.pdf`;

export const toInvoiceResponse = ({ invoice, document }: InvoiceWithDocument): InvoiceResponse => ({
  id: invoice.id,
  number: invoice.number,
  order_id: invoice.orderId,
  user_id: invoice.userId,
  lines: invoice.lines.map((line, i) => {
    const printed = document.lines[i];
    return {
      product_id: line.productId,
      variant_id: line.variantId,
      sku: line.sku,
      options: line.options,
      name: line.name,
      unit_price_cents: line.unitPriceCents,
      quantity: line.quantity,
      line_total_cents: line.lineTotalCents,
      description: printed?.description ?? line.name,
      unit_price_excl_vat_cents: printed?.unitPriceExclVatCents ?? 0,
      vat_rate_percent: printed?.vatRate ?? invoice.vatRatePercent,
      discount_cents: printed?.discountCents ?? 0,
    };
  }),
  total_cents: invoice.totalCents,
  total_euros: centsToEuros(invoice.totalCents),
  vat_rate_percent: invoice.vatRatePercent,
  total_excl_vat_cents: invoice.totalExclVatCents,
  vat_cents: invoice.vatCents,
  issued_at: toEpochSeconds(invoice.issuedAt),
  seller: toSeller(document.seller),
  buyer: toBuyer(document.buyer),
  sale_date: toEpochSeconds(document.saleDate),
  vat_breakdown: toVat(document.vat),
  shipping_cents: document.shippingCents,
  discount_cents: document.discountCents,
  payment: { paid_at: toEpochSeconds(document.payment.paidAt), means: document.payment.means },
  pdf_url: invoicePdfPath(invoice.orderId),
});

export const toCreditNoteResponse = (note: CreditNote): CreditNoteResponse => ({
  id: note.id,
  number: note.number,
  order_id: note.orderId,
  invoice_id: note.invoiceId,
  invoice_number: note.document.corrects.invoiceNumber,
  invoice_issued_at: toEpochSeconds(note.document.corrects.invoiceIssuedAt),
  issued_at: toEpochSeconds(note.issuedAt),
  reason: note.document.reason,
  seller: toSeller(note.document.seller),
  buyer: toBuyer(note.document.buyer),
  vat_breakdown: toVat(note.document.vat),
  total_excl_vat_cents: note.document.totalExclVatCents,
  vat_cents: note.document.vatCents,
  total_cents: note.totalCents,
  total_euros: centsToEuros(note.totalCents),
  pdf_url: creditNotePdfPath(note.id),
});

apiSchemas.add(SellerResponseSchema, { id: 'Seller' });
apiSchemas.add(BuyerResponseSchema, { id: 'Buyer' });
apiSchemas.add(VatLineResponseSchema, { id: 'VatLine' });
apiSchemas.add(InvoiceResponseSchema, { id: 'Invoice' });
apiSchemas.add(CreditNoteResponseSchema, { id: 'CreditNote' });
apiSchemas.add(CreditNoteListResponseSchema, { id: 'CreditNoteList' });
