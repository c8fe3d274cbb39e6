import type { PaymentRecord } from '../../domain/payment.js';
import type { PaymentRepository } from '../payment.repository.js';

export class MemoryPaymentRepository implements PaymentRepository {
  private readonly records: PaymentRecord[] = [];

  async insert(record: PaymentRecord): Promise<void> {
    this.records.push({ ...record });
  }

  async listByOrder(orderId: string): Promise<PaymentRecord[]> {
    return this.records.filter((record) => record.orderId === orderId).map((record) => ({ ...record }));
  }
}
