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
}

export type InvoiceDraft = Omit<Invoice, 'id' | 'number'>;

export const formatInvoiceNumber = (year: number, sequence: number): string =>
  `FAC-${year}-${String(sequence).padStart(6, '0')}`;
