import type { PaymentRecord } from '../../domain/payment.js';
import type { PaymentRepository } from '../payment.repository.js';
import { UndoableStore } from './undo-log.js';

export class MemoryPaymentRepository extends UndoableStore implements PaymentRepository {
  private readonly records: PaymentRecord[] = [];

  async insert(record: PaymentRecord): Promise<void> {
    const stored = { ...record };
    this.records.push(stored);
    this.undo.record(() => this.records.splice(this.records.indexOf(stored), 1));
  }

  /** Synchronous, for the order store's claim, which must read and write in one step. */
  chargeAttemptsOf(orderId: string): number {
    let attempts = 0;
    for (const record of this.records)
      if (record.orderId === orderId && record.kind === 'charge') attempts += 1;
    return attempts;
  }

  async listByOrder(orderId: string): Promise<PaymentRecord[]> {
    return this.records.filter((record) => record.orderId === orderId).map((record) => ({ ...record }));
  }
}
