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

  async listByOrder(orderId: string): Promise<PaymentRecord[]> {
    return this.records.filter((record) => record.orderId === orderId).map((record) => ({ ...record }));
  }
}
