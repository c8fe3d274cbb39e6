import type { Invoice, InvoiceDraft } from './invoice.js';

export interface InvoiceRepository {
  /**
   * Takes the next number of `year` and stores the invoice in one step, so numbers
   * are gapless and never reused, whatever the interleaving.
   */
  issue(id: string, year: number, draft: InvoiceDraft): Promise<Invoice>;
  findByOrderId(orderId: string): Promise<Invoice | null>;
}
