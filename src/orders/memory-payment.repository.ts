import { UndoableStore } from '../database/undo-log.js';
import type { PaymentRecord } from './payment.js';
import type { PaymentRepository } from './payment.repository.js';

export class MemoryPaymentRepository extends UndoableStore implements PaymentRepository {
  /** Each order's records in the order they were written: every read is by order, and a pay must not scan the whole ledger. */
  private readonly byOrder = new Map<string, PaymentRecord[]>();

  async insert(record: PaymentRecord): Promise<void> {
    const stored = { ...record };
    const records = this.byOrder.get(record.orderId) ?? [];
    records.push(stored);
    this.byOrder.set(record.orderId, records);
    // An emptied list stays: reads cannot tell it from none, and rollbacks are rare.
    this.undo.record(() => records.splice(records.indexOf(stored), 1));
  }

  /** Synchronous, for the order store's claim, which must read and write in one step. */
  chargeAttemptsOf(orderId: string): number {
    let attempts = 0;
    for (const record of this.byOrder.get(orderId) ?? []) if (record.kind === 'charge') attempts += 1;
    return attempts;
  }

  async listByOrder(orderId: string): Promise<PaymentRecord[]> {
    return (this.byOrder.get(orderId) ?? []).map((record) => ({ ...record }));
  }
}
