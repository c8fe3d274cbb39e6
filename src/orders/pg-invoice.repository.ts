import { type Queryable, toDate, toMs } from '../database/db.js';
import type { Invoice, InvoiceDraft } from './invoice.js';
import type { InvoiceRepository } from './invoice.repository.js';

interface InvoiceRow {
  id: string;
  number: string;
  order_id: string;
  user_id: string;
  lines: Invoice['lines'];
  total_cents: number;
  vat_rate_percent: string;
  total_excl_vat_cents: number;
  vat_cents: number;
  issued_at: Date;
  document: Invoice['document'];
}

const toInvoice = (row: InvoiceRow): Invoice => ({
  id: row.id,
  number: row.number,
  orderId: row.order_id,
  userId: row.user_id,
  lines: row.lines,
  totalCents: row.total_cents,
  vatRatePercent: Number(row.vat_rate_percent),
  totalExclVatCents: row.total_excl_vat_cents,
  vatCents: row.vat_cents,
  issuedAt: toMs(row.issued_at),
  document: row.document,
});

/** The columns an invoice is inserted with, in this order. */
export const INVOICE_COLUMNS =
  'id, number, order_id, user_id, lines, total_cents, vat_rate_percent, total_excl_vat_cents, vat_cents, issued_at, document';

/** Completes `INSERT INTO invoice_counters (year, last_number) …`: takes the year's next number. */
export const NEXT_NUMBER_OF_YEAR = `ON CONFLICT (year) DO UPDATE SET last_number = invoice_counters.last_number + 1
  RETURNING year, last_number`;

/** `FAC-<year>-<6 digits>` (formatInvoiceNumber's format), from a CTE named `counter`. */
export const INVOICE_NUMBER = "'FAC-' || counter.year || '-' || lpad(counter.last_number::text, 6, '0')";

export class PgInvoiceRepository implements InvoiceRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * The counter row of the year is incremented and the invoice inserted in one statement;
   * inside the paying transaction, a rollback gives the number back, so numbers stay gapless.
   */
  async issue(id: string, year: number, draft: InvoiceDraft): Promise<Invoice> {
    const { rows } = await this.db.query<InvoiceRow>(
      `WITH counter AS (
         INSERT INTO invoice_counters (year, last_number) VALUES ($2, 1) ${NEXT_NUMBER_OF_YEAR}
       )
       INSERT INTO invoices (${INVOICE_COLUMNS})
       SELECT $1, ${INVOICE_NUMBER}, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM counter
       RETURNING *`,
      [
        id,
        year,
        draft.orderId,
        draft.userId,
        JSON.stringify(draft.lines),
        draft.totalCents,
        draft.vatRatePercent,
        draft.totalExclVatCents,
        draft.vatCents,
        toDate(draft.issuedAt),
        draft.document === undefined ? null : JSON.stringify(draft.document),
      ],
    );
    const row = rows[0];
    if (!row) throw new Error(`invoice for order ${draft.orderId} was not stored`);
    return toInvoice(row);
  }

  async findByOrderId(orderId: string): Promise<Invoice | null> {
    const { rows } = await this.db.query<InvoiceRow>('SELECT * FROM invoices WHERE order_id = $1', [orderId]);
    return rows[0] ? toInvoice(rows[0]) : null;
  }
}
