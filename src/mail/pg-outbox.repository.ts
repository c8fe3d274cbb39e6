import { type Queryable, toDate, toMs, toMsOrNull } from '../database/db.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { MailStatus, NewMail, OutboxMail } from './outbox.js';
import type { OutboxRepository } from './outbox.repository.js';

interface OutboxRow {
  id: string;
  template: string;
  recipient: string;
  data: Record<string, unknown>;
  status: MailStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const toMail = (row: OutboxRow): OutboxMail => ({
  id: row.id,
  template: row.template,
  recipient: row.recipient,
  data: row.data,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: toMs(row.next_attempt_at),
  lastError: row.last_error,
  createdAt: toMs(row.created_at),
  sentAt: toMsOrNull(row.sent_at),
});

export class PgOutboxRepository implements OutboxRepository {
  constructor(private readonly db: Queryable) {}

  async enqueue(mail: NewMail): Promise<void> {
    await this.db.query(
      `INSERT INTO outbox (id, template, recipient, data, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $5)`,
      [mail.id, mail.template, mail.recipient, JSON.stringify(mail.data), toDate(mail.createdAt)],
    );
  }

  /**
   * SKIP LOCKED: a worker passes over the rows another is claiming instead of queueing behind
   * it, and the lease written in the same statement keeps them out of every later claim until
   * it ends, so instances sharing the table never hold one mail together.
   */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMail[]> {
    const { rows } = await this.db.query<OutboxRow>(
      `UPDATE outbox o SET attempts = o.attempts + 1, next_attempt_at = $3
       FROM (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1
             ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE o.id = due.id
       RETURNING o.*`,
      [toDate(now), limit, toDate(now + leaseMs)],
    );
    return rows.map(toMail).sort((a, b) => a.createdAt - b.createdAt);
  }

  async markSent(ids: readonly string[], now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const { rowCount } = await this.db.query(
      `UPDATE outbox SET status = 'sent', sent_at = $2, last_error = NULL
       WHERE id = ANY($1::text[]) AND status = 'pending'`,
      [[...ids], toDate(now)],
    );
    return rowCount ?? 0;
  }

  async markFailed(id: string, error: string, retryAt: number | null): Promise<void> {
    await this.db.query(
      `UPDATE outbox SET last_error = $2,
         status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = coalesce($3::timestamptz, next_attempt_at)
       WHERE id = $1 AND status = 'pending'`,
      [id, error, retryAt === null ? null : toDate(retryAt)],
    );
  }

  async retry(id: string, now: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2
       WHERE id = $1 AND status = 'failed'`,
      [id, toDate(now)],
    );
    return rowCount === 1;
  }

  async findById(id: string): Promise<OutboxMail | null> {
    const { rows } = await this.db.query<OutboxRow>('SELECT * FROM outbox WHERE id = $1', [id]);
    return rows[0] ? toMail(rows[0]) : null;
  }

  async page(status: MailStatus | undefined, page: PageRequest): Promise<Page<OutboxMail>> {
    const { rows } = await this.db.query<{ items: OutboxRow[] | null; total: number }>(
      `WITH chosen AS (SELECT * FROM outbox WHERE ($1::text IS NULL OR status = $1))
       SELECT (SELECT count(*)::int FROM chosen) AS total,
         (SELECT jsonb_agg(p ORDER BY p.created_at DESC, p.id DESC) FROM
           (SELECT * FROM chosen ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3) p) AS items`,
      [status ?? null, page.limit, page.offset],
    );
    const row = rows[0];
    // jsonb_agg gives timestamps as text: back to Dates before the common mapping.
    const items = (row?.items ?? []).map((item) =>
      toMail({
        ...item,
        next_attempt_at: new Date(item.next_attempt_at),
        created_at: new Date(item.created_at),
        sent_at: item.sent_at === null ? null : new Date(item.sent_at),
      }),
    );
    return { items, total: row?.total ?? 0 };
  }
}
