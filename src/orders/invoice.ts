import type { Order } from './order.js';
import type { PaymentRecord } from './payment.js';

interface InvoiceLine {
  productId: string;
  variantId: string;
  sku: string;
  options: Record<string, string>;
  name: string;
  unitPriceCents: number;
  quantity: number;
  lineTotalCents: number;
}

export interface Invoice {
  id: string;
  /** `FAC-<year>-<6 digits>`, gapless within a year. */
  number: string;
  orderId: string;
  userId: string;
  lines: InvoiceLine[];
  totalCents: number;
  vatRatePercent: number;
  totalExclVatCents: number;
  vatCents: number;
  issuedAt: number;
  /** The invoice as a legal document, fixed at issue; null for invoices issued before it existed (migration 015). */
  document: InvoiceDocumentSnapshot | null;
}

export type InvoiceDraft = Omit<Invoice, 'id' | 'number' | 'document'> & {
  document?: InvoiceDocumentSnapshot;
};

/**
 * The legal document of an invoice (seller, buyer, per-line and per-rate figures) is built by
 * src/legal, a floor above this one: here it is JSON stored as it is, with the invoice.
 */
export type InvoiceDocumentSnapshot = Readonly<Record<string, unknown>>;

/**
 * What the payment asks of the floor above when it issues an invoice: its document. In two
 * steps, so whatever can fail (reading the buyer) happens before the gateway takes money, and
 * what runs after the charge is pure.
 */
export interface InvoiceDocumentMaker {
  prepare(order: Order): Promise<(charge: PaymentRecord) => InvoiceDocumentSnapshot>;
}

export const formatInvoiceNumber = (year: number, sequence: number): string =>
  `FAC-${year}-${String(sequence).padStart(6, '0')}`;
