interface InvoiceLine {
  productId: string;
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

/**
 * Splits a VAT-inclusive total into VAT and the amount excluding VAT. The VAT is
 * rounded to the nearest cent, half up, on the total (not per line), and the
 * amount excluding VAT is the remainder, so the two always add up exactly.
 * Integer arithmetic in basis points, so 5.5 % is as exact as 20 %.
 */
export function splitVat(
  totalCents: number,
  ratePercent: number,
): { vatCents: number; totalExclVatCents: number } {
  const rateBp = Math.round(ratePercent * 100);
  const vatCents = Math.floor((2 * totalCents * rateBp + (10_000 + rateBp)) / (2 * (10_000 + rateBp)));
  return { vatCents, totalExclVatCents: totalCents - vatCents };
}
