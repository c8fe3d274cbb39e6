import { z } from 'zod';
import type { SellerIdentity } from '../config.js';
import { splitByLargestRemainder } from '../pricing/largest-remainder.js';
import { splitVat } from '../pricing/vat.js';
import type { DocumentVatLine, InvoiceDocument } from './invoice-document.js';
import { InvoiceDocumentSchema } from './invoice-document.js';

/**
 * A credit note (facture d'avoir): the document a refund issues to correct an invoice (CGI
 * art. 272 and annexe II art. 242 nonies A). It carries the same mentions as an invoice, the
 * number and date of the invoice it corrects, and what is refunded per VAT rate.
 */
export const CreditNoteDocumentSchema = z.object({
  seller: InvoiceDocumentSchema.shape.seller,
  buyer: InvoiceDocumentSchema.shape.buyer,
  corrects: z.object({ invoiceNumber: z.string(), invoiceIssuedAt: z.number() }),
  reason: z.string(),
  vat: InvoiceDocumentSchema.shape.vat,
  totalExclVatCents: z.number().int(),
  vatCents: z.number().int(),
  totalCents: z.number().int(),
  refund: z.object({ refundedAt: z.number(), means: z.string() }),
});
export type CreditNoteDocument = z.infer<typeof CreditNoteDocumentSchema>;

export interface CreditNote {
  id: string;
  /** `AV-<year>-<6 digits>`, gapless within a year, a series of its own. */
  number: string;
  orderId: string;
  invoiceId: string;
  totalCents: number;
  issuedAt: number;
  document: CreditNoteDocument;
}

export type CreditNoteDraft = Omit<CreditNote, 'id' | 'number'>;

export const formatCreditNoteNumber = (year: number, sequence: number): string =>
  `AV-${year}-${String(sequence).padStart(6, '0')}`;

/** The reason printed on a credit note the refund flow issues. */
export const REFUND_REASON = 'Remboursement';

export interface CreditNoteFacts {
  invoice: { number: string; issuedAt: number; document: InvoiceDocument };
  /** The credit notes already issued against this invoice, whatever their order. */
  previous: readonly CreditNoteDocument[];
  seller: SellerIdentity;
  amountCents: number;
  at: number;
}

const inclusive = (line: DocumentVatLine) => line.baseExclVatCents + line.vatCents;

/**
 * Pure. The amount refunded is spread over the invoice's VAT rates in proportion to what is
 * still uncredited at each (largest remainder, so no rate is credited beyond what it was
 * invoiced); each rate's VAT is rounded once on its share, and a share that closes its rate
 * takes exactly the VAT left on it, so a full refund's credit notes add up to the invoice.
 */
export function buildCreditNoteDocument(facts: CreditNoteFacts): CreditNoteDocument {
  const invoiced = facts.invoice.document.vat;
  const creditedOf = (rate: number, pick: (line: DocumentVatLine) => number) =>
    facts.previous.reduce(
      (sum, note) => sum + note.vat.filter((l) => l.rate === rate).reduce((s, l) => s + pick(l), 0),
      0,
    );
  const left = invoiced.map((line) => ({
    rate: line.rate,
    inclusive: inclusive(line) - creditedOf(line.rate, inclusive),
    vat: line.vatCents - creditedOf(line.rate, (l) => l.vatCents),
  }));
  const uncredited = left.reduce((sum, line) => sum + Math.max(0, line.inclusive), 0);
  if (facts.amountCents > uncredited) {
    throw new RangeError(`${facts.amountCents} cents credited against ${uncredited} still invoiced`);
  }
  const shares = splitByLargestRemainder(
    facts.amountCents,
    left.map((line) => Math.max(0, line.inclusive)),
  );
  const vat = left
    .map((line, i) => {
      const share = shares[i] ?? 0;
      const closes = share === line.inclusive && line.vat >= 0 && line.vat <= share;
      const vatCents = closes ? line.vat : splitVat(share, line.rate).vatCents;
      return { rate: line.rate, baseExclVatCents: share - vatCents, vatCents };
    })
    .filter((line) => line.baseExclVatCents + line.vatCents > 0);
  const vatCents = vat.reduce((sum, line) => sum + line.vatCents, 0);
  const { document } = facts.invoice;
  return {
    seller: { ...facts.seller },
    buyer: { ...document.buyer },
    corrects: { invoiceNumber: facts.invoice.number, invoiceIssuedAt: facts.invoice.issuedAt },
    reason: REFUND_REASON,
    vat,
    totalExclVatCents: facts.amountCents - vatCents,
    vatCents,
    totalCents: facts.amountCents,
    refund: { refundedAt: facts.at, means: document.payment.means },
  };
}
