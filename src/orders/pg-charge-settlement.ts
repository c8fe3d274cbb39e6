import { type Queryable, type Transactor, toDate } from '../database/db.js';
import type { KeyAnswers, ResultSeal } from '../platform/idempotency/idempotency.repository.js';
import type { ChargeSettlement, PaidOrder } from './charge-settlement.js';
import type { PaymentRecord } from './payment.js';
import { INVOICE_COLUMNS, INVOICE_NUMBER, NEXT_NUMBER_OF_YEAR } from './pg-invoice.repository.js';
import { transitionSets } from './pg-order.repository.js';
import { PAYMENT_COLUMNS, PgPaymentRepository } from './pg-payment.repository.js';

/**
 * An approved charge is one statement, so one round trip and an implicit transaction: the
 * move to PAYEE decides, and the charge, the year's invoice number and the invoice are only
 * written from its returned row. When the order left the payable statuses (the UPDATE,
 * re-checking the row a concurrent cancel changed, matches nothing) nothing is written.
 * A keyed payment (`seal`) runs that statement and its answer's in one transaction instead.
 */
export class PgChargeSettlement implements ChargeSettlement {
  private readonly ledger: PgPaymentRepository;

  constructor(
    private readonly db: Queryable,
    /** A transaction of its own, and the key store on its connection, for a sealed payment. */
    private readonly transaction: Transactor,
    private readonly keysOn: (tx: Queryable) => KeyAnswers,
  ) {
    this.ledger = new PgPaymentRepository(db);
  }

  async record(charge: PaymentRecord, paid?: PaidOrder, seal?: ResultSeal<PaymentRecord>): Promise<boolean> {
    if (!paid) {
      await this.ledger.insert(charge);
      return true;
    }
    if (!seal) return this.settleOn(this.db, charge, paid);
    return this.transaction(async (tx) => {
      const moved = await this.settleOn(tx, charge, paid);
      if (moved) await seal(charge, this.keysOn(tx));
      return moved;
    });
  }

  /** The one statement: true when it moved the order to PAYEE (and wrote the rest). */
  private async settleOn(db: Queryable, charge: PaymentRecord, paid: PaidOrder): Promise<boolean> {
    const params: unknown[] = [charge.orderId];
    const sets = transitionSets(paid.move, params);
    const param = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    const from = param(paid.move.from, 'text[]');
    const { invoice } = paid;
    const { rows } = await db.query<{ moved: number }>(
      `WITH moved AS (
         UPDATE orders SET ${sets.join(', ')} WHERE id = $1 AND status = ANY(${from}) RETURNING id
       ),
       charge AS (
         INSERT INTO payments (${PAYMENT_COLUMNS})
         SELECT ${param(charge.id, 'text')}, moved.id, ${param(charge.userId, 'text')}, ${param(charge.kind, 'text')},
           ${param(charge.amountCents, 'bigint')}, ${param(charge.succeeded, 'boolean')}, ${param(charge.cardLast4, 'text')},
           ${param(charge.gatewayReference, 'text')}, ${param(toDate(charge.createdAt), 'timestamptz')}
         FROM moved
       ),
       counter AS (
         INSERT INTO invoice_counters (year, last_number) SELECT ${param(paid.year, 'integer')}, 1 FROM moved
         ${NEXT_NUMBER_OF_YEAR}
       ),
       invoice AS (
         INSERT INTO invoices (${INVOICE_COLUMNS})
         SELECT ${param(paid.invoiceId, 'text')}, ${INVOICE_NUMBER},
           $1, ${param(invoice.userId, 'text')}, ${param(JSON.stringify(invoice.lines), 'jsonb')},
           ${param(invoice.totalCents, 'bigint')}, ${param(invoice.vatRatePercent, 'numeric')},
           ${param(invoice.totalExclVatCents, 'bigint')}, ${param(invoice.vatCents, 'bigint')},
           ${param(toDate(invoice.issuedAt), 'timestamptz')},
           ${param(invoice.document === undefined ? null : JSON.stringify(invoice.document), 'jsonb')}
         FROM counter
         RETURNING number
       ),
       mailed AS (
         INSERT INTO outbox (id, template, recipient, data, next_attempt_at, created_at)
         SELECT ${param(paid.mailId, 'text')}, 'payment_received', u.email,
           jsonb_build_object('firstName', u.first_name, 'orderId', $1::text,
             'amountCents', ${param(charge.amountCents, 'bigint')}, 'invoiceNumber', invoice.number),
           ${param(toDate(charge.createdAt), 'timestamptz')}, ${param(toDate(charge.createdAt), 'timestamptz')}
         FROM invoice JOIN users u ON u.id = ${param(invoice.userId, 'text')}
       )
       SELECT count(*)::int AS moved FROM moved`,
      params,
    );
    return (rows[0]?.moved ?? 0) === 1;
  }
}
