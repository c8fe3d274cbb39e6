import { formatInvoiceNumber, type Invoice, type InvoiceDraft } from '../../domain/invoice.js';
import type { InvoiceRepository } from '../invoice.repository.js';

export class MemoryInvoiceRepository implements InvoiceRepository {
  private readonly byId = new Map<string, Invoice>();
  private readonly idByOrder = new Map<string, string>();
  private readonly lastNumberByYear = new Map<number, number>();

  async issue(id: string, year: number, draft: InvoiceDraft): Promise<Invoice> {
    const sequence = (this.lastNumberByYear.get(year) ?? 0) + 1;
    this.lastNumberByYear.set(year, sequence);
    const invoice: Invoice = { ...structuredClone(draft), id, number: formatInvoiceNumber(year, sequence) };
    this.byId.set(id, invoice);
    this.idByOrder.set(draft.orderId, id);
    return structuredClone(invoice);
  }

  async findById(id: string): Promise<Invoice | null> {
    const invoice = this.byId.get(id);
    return invoice ? structuredClone(invoice) : null;
  }

  async findByOrderId(orderId: string): Promise<Invoice | null> {
    const id = this.idByOrder.get(orderId);
    return id === undefined ? null : this.findById(id);
  }
}
