import type { PaymentRecord } from './payment.js';

export interface PaymentRepository {
  insert(record: PaymentRecord): Promise<void>;
  listByOrder(orderId: string): Promise<PaymentRecord[]>;
}

export type PaymentReader = Pick<PaymentRepository, 'listByOrder'>;
