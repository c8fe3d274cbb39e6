import { type Queryable, toDate, toMs } from '../database/db.js';
import type { PaymentRecord } from './payment.js';
import type { PaymentRepository } from './payment.repository.js';

interface PaymentRow {
  id: string;
  order_id: string;
  user_id: string;
  kind: PaymentRecord['kind'];
  amount_cents: number;
  succeeded: boolean;
  card_last4: string | null;
  gateway_reference: string | null;
  created_at: Date;
}

/** The columns a ledger entry is inserted with, in this order. */
export const PAYMENT_COLUMNS =
  'id, order_id, user_id, kind, amount_cents, succeeded, card_last4, gateway_reference, created_at';

export class PgPaymentRepository implements PaymentRepository {
  constructor(private readonly db: Queryable) {}

  async insert(record: PaymentRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO payments (${PAYMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        record.id,
        record.orderId,
        record.userId,
        record.kind,
        record.amountCents,
        record.succeeded,
        record.cardLast4,
        record.gatewayReference,
        toDate(record.createdAt),
      ],
    );
  }

  async listByOrder(orderId: string): Promise<PaymentRecord[]> {
    const { rows } = await this.db.query<PaymentRow>(
      'SELECT * FROM payments WHERE order_id = $1 ORDER BY seq',
      [orderId],
    );
    return rows.map((row) => ({
      id: row.id,
      orderId: row.order_id,
      userId: row.user_id,
      kind: row.kind,
      amountCents: row.amount_cents,
      succeeded: row.succeeded,
      cardLast4: row.card_last4,
      gatewayReference: row.gateway_reference,
      createdAt: toMs(row.created_at),
    }));
  }
}
