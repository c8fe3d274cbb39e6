import { UndoableStore } from '../database/undo-log.js';
import { formatInvoiceNumber, type Invoice, type InvoiceDraft } from './invoice.js';
import type { InvoiceRepository } from './invoice.repository.js';

export class MemoryInvoiceRepository extends UndoableStore implements InvoiceRepository {
  private readonly byId = new Map<string, Invoice>();
  private readonly idByOrder = new Map<string, string>();
  private readonly lastNumberByYear = new Map<number, number>();

  async issue(id: string, year: number, draft: InvoiceDraft): Promise<Invoice> {
    const sequence = (this.lastNumberByYear.get(year) ?? 0) + 1;
    this.lastNumberByYear.set(year, sequence);
    const invoice: Invoice = {
      ...structuredClone(draft),
      document: structuredClone(draft.document) ?? null,
      id,
      number: formatInvoiceNumber(year, sequence),
    };
    const previousForOrder = this.idByOrder.get(draft.orderId);
    this.byId.set(id, invoice);
    this.idByOrder.set(draft.orderId, id);
    // Units run one at a time, so the number taken here is still the year's last when undone: no gap.
    this.undo.record(() => {
      this.byId.delete(id);
      if (previousForOrder === undefined) this.idByOrder.delete(draft.orderId);
      else this.idByOrder.set(draft.orderId, previousForOrder);
      this.lastNumberByYear.set(year, sequence - 1);
    });
    return structuredClone(invoice);
  }

  async findByOrderId(orderId: string): Promise<Invoice | null> {
    const id = this.idByOrder.get(orderId);
    const invoice = id === undefined ? undefined : this.byId.get(id);
    return invoice ? structuredClone(invoice) : null;
  }
}
