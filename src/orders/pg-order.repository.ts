import { type Queryable, toDate, toMs, toMsOrNull } from '../database/db.js';
import type { Page, PageRequest } from '../shared/paging.js';
import {
  type HistoryEntry,
  ORDER_STATUSES,
  type Order,
  type OrderStatus,
  STATUS_TIMESTAMP,
  TRANSITIONS,
} from './order.js';
import type {
  OrderFilter,
  OrderRepository,
  OrderSummary,
  PaymentClaim,
  PaymentClaimRequest,
  RefundOutcome,
  RefundRequest,
  TransitionOutcome,
  TransitionRequest,
} from './order.repository.js';
import type { OrderPage, OrderPageRequest } from './order-page.js';

interface OrderRow {
  id: string;
  user_id: string;
  items: Order['items'];
  status: OrderStatus;
  total_cents: number;
  shipping_address: string | null;
  created_at: Date;
  validated_at: Date | null;
  paid_at: Date | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  cancelled_at: Date | null;
  refunded_at: Date | null;
  delivery: Order['delivery'];
  invoice_id: string | null;
  payment_id: string | null;
  refunded_cents: number;
  payment_claimed_until: Date | null;
  history: HistoryEntry[];
}

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  userId: row.user_id,
  items: row.items,
  status: row.status,
  totalCents: row.total_cents,
  shippingAddress: row.shipping_address,
  createdAt: toMs(row.created_at),
  validatedAt: toMsOrNull(row.validated_at),
  paidAt: toMsOrNull(row.paid_at),
  shippedAt: toMsOrNull(row.shipped_at),
  deliveredAt: toMsOrNull(row.delivered_at),
  cancelledAt: toMsOrNull(row.cancelled_at),
  refundedAt: toMsOrNull(row.refunded_at),
  delivery: row.delivery,
  invoiceId: row.invoice_id,
  paymentId: row.payment_id,
  refundedCents: row.refunded_cents,
  paymentClaimedUntil: toMsOrNull(row.payment_claimed_until),
  history: row.history,
});

const COLUMN_OF_TIMESTAMP: Record<(typeof STATUS_TIMESTAMP)[OrderStatus], string> = {
  createdAt: 'created_at',
  validatedAt: 'validated_at',
  paidAt: 'paid_at',
  shippedAt: 'shipped_at',
  deliveredAt: 'delivered_at',
  cancelledAt: 'cancelled_at',
  refundedAt: 'refunded_at',
};

/**
 * The SET list of a move, its values pushed onto `params` after what is there: shared by
 * `transition` and the pay statement. With the order's id as `$1`, the move's time is `$3`.
 */
export function transitionSets(request: TransitionRequest, params: unknown[]): string[] {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const set = (column: string, value: unknown, cast = '') => `${column} = ${param(value)}${cast}`;
  const entry = JSON.stringify([{ status: request.to, at: request.at, actor: request.actor }]);
  const sets = [
    set('status', request.to),
    set(COLUMN_OF_TIMESTAMP[STATUS_TIMESTAMP[request.to]], toDate(request.at)),
    `history = history || ${param(entry)}::jsonb`,
  ];
  const { delivery, paymentId, invoiceId } = request.changes ?? {};
  if (delivery !== undefined) sets.push(set('delivery', JSON.stringify(delivery), '::jsonb'));
  if (invoiceId !== undefined) sets.push(set('invoice_id', invoiceId));
  if (paymentId !== undefined) sets.push(set('payment_id', paymentId), 'payment_claimed_until = NULL');
  return sets;
}

/**
 * No live claim: none, one past its cap, or one whose instance died mid-payment (its liveness
 * lock is gone, migrations/016_claims.sql). `$n` is the caller's now.
 */
const claimFree = (now: string) =>
  `(payment_claimed_until IS NULL OR payment_claimed_until <= ${now}
    OR (payment_claim_instance IS NOT NULL AND NOT instance_alive(payment_claim_instance)))`;

export class PgOrderRepository implements OrderRepository {
  constructor(
    private readonly db: Queryable,
    /** This instance's number (src/database/liveness.ts): what its payment claims record. */
    private readonly instance: number,
  ) {}

  async insert(order: Order): Promise<void> {
    const ms = (value: number | null) => (value === null ? null : toDate(value));
    await this.db.query(
      `INSERT INTO orders (id, user_id, items, status, total_cents, shipping_address, created_at, validated_at, paid_at,
         shipped_at, delivered_at, cancelled_at, refunded_at, delivery, invoice_id, payment_id, refunded_cents, history)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        order.id,
        order.userId,
        JSON.stringify(order.items),
        order.status,
        order.totalCents,
        order.shippingAddress,
        toDate(order.createdAt),
        ms(order.validatedAt),
        ms(order.paidAt),
        ms(order.shippedAt),
        ms(order.deliveredAt),
        ms(order.cancelledAt),
        ms(order.refundedAt),
        order.delivery === null ? null : JSON.stringify(order.delivery),
        order.invoiceId,
        order.paymentId,
        order.refundedCents,
        JSON.stringify(order.history),
      ],
    );
  }

  async findById(id: string): Promise<Order | null> {
    const { rows } = await this.db.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [id]);
    return rows[0] ? toOrder(rows[0]) : null;
  }

  async list({ status, userId }: OrderFilter): Promise<Order[]> {
    const { rows } = await this.db.query<OrderRow>(
      'SELECT * FROM orders WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR user_id = $2) ORDER BY seq',
      [status ?? null, userId ?? null],
    );
    return rows.map(toOrder);
  }

  /** The page and the count are two statements: a list for people, not a snapshot. */
  async page({ status, userId }: OrderFilter, page: PageRequest): Promise<Page<Order>> {
    const filter = '($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR user_id = $2)';
    const params = [status ?? null, userId ?? null];
    const [{ rows }, counted] = await Promise.all([
      this.db.query<OrderRow>(`SELECT * FROM orders WHERE ${filter} ORDER BY seq LIMIT $3 OFFSET $4`, [
        ...params,
        page.limit,
        page.offset,
      ]),
      this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM orders WHERE ${filter}`, params),
    ]);
    return { items: rows.map(toOrder), total: counted.rows[0]?.total ?? 0 };
  }

  /** Served by the index `orders_user_order (user_id, seq)`; one row more tells whether a page follows. */
  async pageOfUser(userId: string, { limit, after = 0 }: OrderPageRequest): Promise<OrderPage<Order>> {
    const { rows } = await this.db.query<OrderRow & { seq: string }>(
      'SELECT * FROM orders WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [userId, after, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toOrder), next: rows.length > limit && last ? Number(last.seq) : null };
  }

  async listUnpaidBefore(createdBefore: number, limit: number): Promise<Order[]> {
    const { rows } = await this.db.query<OrderRow>(
      'SELECT * FROM orders WHERE status = ANY($1::text[]) AND created_at < $2 ORDER BY created_at, seq LIMIT $3',
      [TRANSITIONS.expire.from, toDate(createdBefore), limit],
    );
    return rows.map(toOrder);
  }

  /** One conditional UPDATE: the status test and the move cannot be split by another process. */
  async transition(id: string, request: TransitionRequest): Promise<TransitionOutcome> {
    const params: unknown[] = [id];
    const sets = transitionSets(request, params);
    params.push(request.from);
    const from = `$${params.length}::text[]`;
    // The CTE locks the row and reads it as last committed, so `previous` is the status this move left.
    const { rows } = await this.db.query<OrderRow & { previous: OrderStatus }>(
      `WITH before AS (SELECT id, status FROM orders WHERE id = $1 FOR UPDATE)
       UPDATE orders SET ${sets.join(', ')} FROM before
       WHERE orders.id = before.id AND orders.status = ANY(${from}) ${request.requireNoPaymentInProgress ? `AND ${claimFree('$3')}` : ''}
       RETURNING orders.*, before.status AS previous`,
      params,
    );
    const row = rows[0];
    if (!row) return { ok: false, current: await this.findById(id) };
    return { ok: true, order: toOrder(row), previous: row.previous };
  }

  /** One statement claims, reads the order and counts its charges: a payment's first round trip is its only read. */
  async claimPayment(
    id: string,
    { ownerId, payableFrom, createdSince, now, leaseUntil }: PaymentClaimRequest,
  ): Promise<PaymentClaim | null> {
    const { rows } = await this.db.query<OrderRow & { charge_attempts: number }>(
      `UPDATE orders SET payment_claimed_until = $5, payment_claim_instance = $7
       WHERE id = $1 AND user_id = $2 AND status = ANY($3::text[]) AND created_at >= $6 AND ${claimFree('$4')}
       RETURNING orders.*,
         (SELECT count(*)::int FROM payments WHERE payments.order_id = orders.id AND payments.kind = 'charge') AS charge_attempts`,
      [id, ownerId, payableFrom, toDate(now), toDate(leaseUntil), toDate(createdSince), this.instance],
    );
    const row = rows[0];
    return row ? { order: toOrder(row), chargeAttempts: row.charge_attempts } : null;
  }

  async releasePaymentClaim(id: string, leaseUntil: number): Promise<void> {
    await this.db.query(
      'UPDATE orders SET payment_claimed_until = NULL WHERE id = $1 AND payment_claimed_until = $2',
      [id, toDate(leaseUntil)],
    );
  }

  /**
   * One statement: the CTE locks the row and reads it as last committed, so the amount
   * is checked against what is refundable at that moment, and two refunds never both fit.
   */
  async recordRefund(id: string, request: RefundRequest): Promise<RefundOutcome> {
    const amount = 'COALESCE($2::bigint, orders.total_cents - orders.refunded_cents)';
    const full = `orders.refunded_cents + ${amount} = orders.total_cents`;
    const { rows } = await this.db.query<OrderRow & { previous: OrderStatus; refunded_before: number }>(
      `WITH before AS (SELECT id, status, refunded_cents FROM orders WHERE id = $1 FOR UPDATE)
       UPDATE orders SET
         refunded_cents = orders.refunded_cents + ${amount},
         status = CASE WHEN ${full} THEN $3 ELSE orders.status END,
         refunded_at = CASE WHEN ${full} THEN $4 ELSE orders.refunded_at END,
         history = CASE WHEN ${full} THEN orders.history || $5::jsonb ELSE orders.history END
       FROM before
       WHERE orders.id = before.id AND orders.status = ANY($6::text[]) AND orders.payment_id IS NOT NULL
         AND ${amount} >= 1 AND orders.refunded_cents + ${amount} <= orders.total_cents
       RETURNING orders.*, before.status AS previous, before.refunded_cents AS refunded_before`,
      [
        id,
        request.amountCents ?? null,
        request.fullyRefundedStatus,
        toDate(request.at),
        JSON.stringify([{ status: request.fullyRefundedStatus, at: request.at, actor: request.actor }]),
        request.allowedFrom,
      ],
    );
    const row = rows[0];
    if (row) {
      return {
        ok: true,
        order: toOrder(row),
        previous: row.previous,
        amountCents: row.refunded_cents - row.refunded_before,
      };
    }
    const current = await this.findById(id);
    if (!current) return { ok: false, reason: 'NOT_FOUND' };
    if (!request.allowedFrom.includes(current.status)) return { ok: false, reason: 'BAD_STATUS' };
    if (current.paymentId === null) return { ok: false, reason: 'NO_PAYMENT' };
    return { ok: false, reason: 'BAD_AMOUNT' };
  }

  /** One aggregate over the table (the orders_status_order index serves the grouping). */
  async summarize(): Promise<OrderSummary> {
    const { rows } = await this.db.query<{ status: OrderStatus; n: number; revenue: number }>(
      `SELECT status, count(*)::int AS n,
         coalesce(sum(total_cents - refunded_cents) FILTER (WHERE payment_id IS NOT NULL), 0)::bigint AS revenue
       FROM orders GROUP BY status`,
    );
    const byStatus = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<
      OrderStatus,
      number
    >;
    let total = 0;
    let revenueCents = 0;
    for (const row of rows) {
      byStatus[row.status] = row.n;
      total += row.n;
      revenueCents += row.revenue;
    }
    return { total, byStatus, revenueCents };
  }
}
