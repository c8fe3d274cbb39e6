import { type Queryable, toDate, toMs } from '../database/db.js';
import { type CreditNote, CreditNoteDocumentSchema, type CreditNoteDraft } from './credit-note.js';
import type { CreditNoteRepository } from './credit-note.repository.js';

interface CreditNoteRow {
  id: string;
  number: string;
  order_id: string;
  invoice_id: string;
  total_cents: number;
  issued_at: Date;
  document: unknown;
}

const toCreditNote = (row: CreditNoteRow): CreditNote => ({
  id: row.id,
  number: row.number,
  orderId: row.order_id,
  invoiceId: row.invoice_id,
  totalCents: row.total_cents,
  issuedAt: toMs(row.issued_at),
  document: CreditNoteDocumentSchema.parse(row.document),
});

const COLUMNS = 'id, number, order_id, invoice_id, total_cents, issued_at, document';

export class PgCreditNoteRepository implements CreditNoteRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * The year's counter row is incremented and the note inserted in one statement. The counter
   * row stays locked until the transaction ends, so concurrent refunds number one after the
   * other, and a rolled-back refund gives its number back: gapless.
   */
  async issue(id: string, year: number, draft: CreditNoteDraft): Promise<CreditNote> {
    const { rows } = await this.db.query<CreditNoteRow>(
      `WITH counter AS (
         INSERT INTO credit_note_counters (year, last_number) VALUES ($2, 1)
         ON CONFLICT (year) DO UPDATE SET last_number = credit_note_counters.last_number + 1
         RETURNING year, last_number
       )
       INSERT INTO credit_notes (${COLUMNS})
       SELECT $1, 'AV-' || counter.year || '-' || lpad(counter.last_number::text, 6, '0'), $3, $4, $5, $6, $7
       FROM counter
       RETURNING ${COLUMNS}`,
      [
        id,
        year,
        draft.orderId,
        draft.invoiceId,
        draft.totalCents,
        toDate(draft.issuedAt),
        JSON.stringify(draft.document),
      ],
    );
    const row = rows[0];
    if (!row) throw new Error(`credit note for order ${draft.orderId} was not stored`);
    return toCreditNote(row);
  }

  async findById(id: string): Promise<CreditNote | null> {
    const { rows } = await this.db.query<CreditNoteRow>(`SELECT ${COLUMNS} FROM credit_notes WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toCreditNote(rows[0]) : null;
  }

  async listByOrderId(orderId: string): Promise<CreditNote[]> {
    const { rows } = await this.db.query<CreditNoteRow>(
      `SELECT ${COLUMNS} FROM credit_notes WHERE order_id = $1 ORDER BY seq`,
      [orderId],
    );
    return rows.map(toCreditNote);
  }
}
