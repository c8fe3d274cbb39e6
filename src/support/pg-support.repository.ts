import { type Queryable, toDate, toMs } from '../database/db.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { SupportMessage, SupportThread } from './support.js';
import type { AppendOutcome, ReplyMail, SupportRepository, ThreadFilter } from './support.repository.js';

interface ThreadRow {
  id: string;
  user_id: string;
  order_id: string | null;
  subject: string;
  closed: boolean;
  created_at: Date;
  messages: {
    id: string;
    author_user_id: string | null;
    author_name: string;
    body: string;
    created_at: string;
  }[];
}

const THREAD_SELECT = `
  SELECT t.*, COALESCE(
    (SELECT json_agg(json_build_object('id', m.id, 'author_user_id', m.author_user_id, 'author_name', m.author_name,
                                       'body', m.body, 'created_at', m.created_at) ORDER BY m.seq)
       FROM support_messages m WHERE m.thread_id = t.id), '[]') AS messages
  FROM support_threads t`;

const toThread = (row: ThreadRow): SupportThread => ({
  id: row.id,
  userId: row.user_id,
  orderId: row.order_id,
  subject: row.subject,
  closed: row.closed,
  createdAt: toMs(row.created_at),
  messages: row.messages.map((m) => ({
    id: m.id,
    threadId: row.id,
    authorUserId: m.author_user_id,
    authorName: m.author_name,
    body: m.body,
    createdAt: Date.parse(m.created_at),
  })),
});

export class PgSupportRepository implements SupportRepository {
  constructor(private readonly db: Queryable) {}

  async insert(thread: SupportThread, maxOpen?: number): Promise<boolean> {
    // One statement, so a thread never exists without its first message, and the owner's
    // open count (users.open_threads, locked by the UPDATE) is taken with the insert: two
    // openings at once are counted one after the other, the re-check sees the first.
    const { rows } = await this.db.query<{ id: string }>(
      `WITH slot AS (
         UPDATE users SET open_threads = open_threads + CASE WHEN $5 THEN 0 ELSE 1 END
         WHERE id = $2 AND ($5 OR $8::int IS NULL OR open_threads < $8::int) RETURNING id
       ), t AS (
         INSERT INTO support_threads (id, user_id, order_id, subject, closed, created_at)
         SELECT $1, $2, $3, $4, $5, $6 FROM slot RETURNING id
       ), m AS (
         INSERT INTO support_messages (id, thread_id, author_user_id, author_name, body, created_at)
         SELECT m.id, t.id, m.author_user_id, m.author_name, m.body, to_timestamp(m.created_at / 1000.0)
         FROM t, json_to_recordset($7::json) AS m(id text, author_user_id text, author_name text, body text, created_at double precision)
       )
       SELECT id FROM t`,
      [
        thread.id,
        thread.userId,
        thread.orderId,
        thread.subject,
        thread.closed,
        toDate(thread.createdAt),
        JSON.stringify(
          thread.messages.map((m) => ({
            id: m.id,
            author_user_id: m.authorUserId,
            author_name: m.authorName,
            body: m.body,
            created_at: m.createdAt,
          })),
        ),
        maxOpen ?? null,
      ],
    );
    return rows.length === 1;
  }

  async findById(id: string): Promise<SupportThread | null> {
    const { rows } = await this.db.query<ThreadRow>(`${THREAD_SELECT} WHERE t.id = $1`, [id]);
    return rows[0] ? toThread(rows[0]) : null;
  }

  async list(userId?: string): Promise<SupportThread[]> {
    const { rows } = await this.db.query<ThreadRow>(
      `${THREAD_SELECT} WHERE ($1::text IS NULL OR t.user_id = $1) ORDER BY t.seq`,
      [userId ?? null],
    );
    return rows.map(toThread);
  }

  async page({ closed }: ThreadFilter, page: PageRequest): Promise<Page<SupportThread>> {
    const [{ rows }, counted] = await Promise.all([
      this.db.query<ThreadRow>(
        `${THREAD_SELECT} WHERE ($1::boolean IS NULL OR t.closed = $1) ORDER BY t.seq LIMIT $2 OFFSET $3`,
        [closed ?? null, page.limit, page.offset],
      ),
      this.db.query<{ total: number }>(
        'SELECT count(*)::int AS total FROM support_threads WHERE ($1::boolean IS NULL OR closed = $1)',
        [closed ?? null],
      ),
    ]);
    return { items: rows.map(toThread), total: counted.rows[0]?.total ?? 0 };
  }

  /** The insert selects the thread only while it is open and locked, so a close cannot slip in between. */
  /** A reply's mail is one more CTE of the same statement: written with the message or not at all. */
  async appendToOpen(
    threadId: string,
    message: SupportMessage,
    replyMail?: ReplyMail,
  ): Promise<AppendOutcome> {
    const { rowCount } = await this.db.query(
      `WITH open_thread AS (SELECT id, user_id, subject FROM support_threads WHERE id = $1 AND NOT closed FOR SHARE),
       appended AS (
         INSERT INTO support_messages (id, thread_id, author_user_id, author_name, body, created_at)
         SELECT $2, id, $3, $4, $5, $6 FROM open_thread RETURNING thread_id
       ),
       mailed AS (
         INSERT INTO outbox (id, template, recipient, data, next_attempt_at, created_at)
         SELECT $7, 'support_reply', u.email, jsonb_build_object('firstName', u.first_name,
             'threadId', t.id, 'subject', t.subject, 'body', $5::text), $8, $8
         FROM appended a JOIN open_thread t ON t.id = a.thread_id JOIN users u ON u.id = t.user_id
         WHERE $7::text IS NOT NULL
       )
       SELECT 1 FROM appended`,
      [
        threadId,
        message.id,
        message.authorUserId,
        message.authorName,
        message.body,
        toDate(message.createdAt),
        replyMail?.id ?? null,
        replyMail ? toDate(replyMail.createdAt) : null,
      ],
    );
    const thread = await this.findById(threadId);
    if (rowCount === 1 && thread) return { ok: true, thread };
    return { ok: false, reason: thread ? 'CLOSED' : 'NOT_FOUND' };
  }

  async close(threadId: string): Promise<SupportThread | null> {
    // Only the close that moves the thread gives its owner's slot back, so closing twice counts once.
    await this.db.query(
      `WITH moved AS (UPDATE support_threads SET closed = true WHERE id = $1 AND NOT closed RETURNING user_id)
       UPDATE users SET open_threads = open_threads - 1 FROM moved WHERE users.id = moved.user_id`,
      [threadId],
    );
    return this.findById(threadId);
  }
}
