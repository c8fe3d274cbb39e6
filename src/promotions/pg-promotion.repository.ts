import { type Queryable, type Transactor, toDate, toMs, toMsOrNull } from '../database/db.js';
import type { PromotionKind } from '../pricing/discount.js';
import {
  CLAIM_VERDICT,
  type ClaimVerdictRow,
  claimCtes,
  claimOutcomeOf,
  RELEASE_SQL,
} from './pg-claim-sql.js';
import { invalidityOf, type Promotion, type PromotionPatch, patched } from './promotion.js';
import type {
  Claim,
  ClaimOutcome,
  DeleteOutcome,
  PromotionRepository,
  Redemption,
  SaveOutcome,
} from './promotion.repository.js';

interface PromotionRow {
  id: string;
  code: string;
  kind: PromotionKind;
  value: number | null;
  min_subtotal_cents: number;
  starts_at: Date | null;
  ends_at: Date | null;
  max_uses: number | null;
  max_uses_per_customer: number | null;
  active: boolean;
  uses: number;
  created_at: Date;
}

const COLUMNS = `id, code, kind, value, min_subtotal_cents, starts_at, ends_at, max_uses,
  max_uses_per_customer, active, uses, created_at`;

const toPromotion = (row: PromotionRow): Promotion => ({
  id: row.id,
  code: row.code,
  kind: row.kind,
  value: row.value,
  minSubtotalCents: row.min_subtotal_cents,
  startsAt: toMsOrNull(row.starts_at),
  endsAt: toMsOrNull(row.ends_at),
  maxUses: row.max_uses,
  maxUsesPerCustomer: row.max_uses_per_customer,
  active: row.active,
  uses: row.uses,
  createdAt: toMs(row.created_at),
});

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : toDate(ms));

/** PostgreSQL's SQLSTATE of a violated unique index, and of a row still referenced. */
const sqlState = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

export class PgPromotionRepository implements PromotionRepository {
  /** `transaction` runs an update's read, judgement and write as one (on the units' connections). */
  constructor(
    private readonly db: Queryable,
    private readonly transaction: Transactor,
  ) {}

  async list(): Promise<Promotion[]> {
    const { rows } = await this.db.query<PromotionRow>(`SELECT ${COLUMNS} FROM promotions ORDER BY seq`);
    return rows.map(toPromotion);
  }

  async findById(id: string): Promise<Promotion | null> {
    const { rows } = await this.db.query<PromotionRow>(`SELECT ${COLUMNS} FROM promotions WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toPromotion(rows[0]) : null;
  }

  async findByCode(code: string): Promise<Promotion | null> {
    const { rows } = await this.db.query<PromotionRow>(
      `SELECT ${COLUMNS} FROM promotions WHERE upper(code) = upper($1)`,
      [code],
    );
    return rows[0] ? toPromotion(rows[0]) : null;
  }

  async insert(p: Promotion): Promise<SaveOutcome> {
    const invalid = invalidityOf(p);
    if (invalid) return { ok: false, reason: invalid };
    // The unique index on upper(code) decides between two inserts of one code, whatever their case;
    // a reused id is not a conflict it absorbs: the primary key refuses it (it throws), as in memory.
    const { rowCount } = await this.db.query(
      `INSERT INTO promotions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT ((upper(code))) DO NOTHING`,
      [
        p.id,
        p.code,
        p.kind,
        p.value,
        p.minSubtotalCents,
        dateOrNull(p.startsAt),
        dateOrNull(p.endsAt),
        p.maxUses,
        p.maxUsesPerCustomer,
        p.active,
        p.uses,
        toDate(p.createdAt),
      ],
    );
    return rowCount === 1 ? { ok: true, promotion: p } : { ok: false, reason: 'CODE_TAKEN' };
  }

  async update(id: string, patch: PromotionPatch): Promise<SaveOutcome> {
    try {
      return await this.transaction(async (tx): Promise<SaveOutcome> => {
        // Locked, so two updates of one promotion are judged one after the other, on the latest row.
        const { rows } = await tx.query<PromotionRow>(
          `SELECT ${COLUMNS} FROM promotions WHERE id = $1 FOR UPDATE`,
          [id],
        );
        if (!rows[0]) return { ok: false, reason: 'NOT_FOUND' };
        const next = patched(toPromotion(rows[0]), patch);
        const invalid = invalidityOf(next);
        if (invalid) return { ok: false, reason: invalid };
        const updated = await tx.query<PromotionRow>(
          `UPDATE promotions SET code = $2, kind = $3, value = $4, min_subtotal_cents = $5, starts_at = $6,
             ends_at = $7, max_uses = $8, max_uses_per_customer = $9, active = $10
           WHERE id = $1 RETURNING ${COLUMNS}`,
          [
            id,
            next.code,
            next.kind,
            next.value,
            next.minSubtotalCents,
            dateOrNull(next.startsAt),
            dateOrNull(next.endsAt),
            next.maxUses,
            next.maxUsesPerCustomer,
            next.active,
          ],
        );
        const [row] = updated.rows;
        return row ? { ok: true, promotion: toPromotion(row) } : { ok: false, reason: 'NOT_FOUND' };
      });
    } catch (err) {
      if (sqlState(err) === UNIQUE_VIOLATION) return { ok: false, reason: 'CODE_TAKEN' };
      throw err;
    }
  }

  async delete(id: string): Promise<DeleteOutcome> {
    try {
      const { rows } = await this.db.query<{ found: number; deleted: number }>(
        `WITH gone AS (
           DELETE FROM promotions WHERE id = $1
             AND NOT EXISTS (SELECT 1 FROM promotion_redemptions WHERE promotion_id = $1)
           RETURNING id
         )
         SELECT (SELECT count(*) FROM promotions WHERE id = $1)::int AS found,
                (SELECT count(*) FROM gone)::int AS deleted`,
        [id],
      );
      const [row] = rows;
      if (row?.deleted) return { ok: true };
      return { ok: false, reason: row?.found ? 'IN_USE' : 'NOT_FOUND' };
    } catch (err) {
      // A claim committed between this statement's snapshot and its delete: the redemption's key holds.
      if (sqlState(err) === FOREIGN_KEY_VIOLATION) return { ok: false, reason: 'IN_USE' };
      throw err;
    }
  }

  async customerUses(promotionId: string, userId: string): Promise<number> {
    const { rows } = await this.db.query<{ uses: number }>(
      'SELECT uses FROM promotion_customer_uses WHERE promotion_id = $1 AND user_id = $2',
      [promotionId, userId],
    );
    return rows[0]?.uses ?? 0;
  }

  async claim({ promotionId, userId, orderId }: Claim): Promise<ClaimOutcome> {
    const { rows } = await this.db.query<ClaimVerdictRow>(
      `WITH ${claimCtes({ promotionId: '$1::text', userId: '$2::text', orderId: '$3::text' })}
       SELECT ${CLAIM_VERDICT}`,
      [promotionId, userId, orderId],
    );
    const [row] = rows;
    if (!row) throw new Error('the claim statement answers one row');
    return claimOutcomeOf(row);
  }

  async release(orderId: string): Promise<boolean> {
    const { rows } = await this.db.query<{ released: number }>(RELEASE_SQL, [orderId]);
    return (rows[0]?.released ?? 0) > 0;
  }

  async redemptionOf(orderId: string): Promise<Redemption | null> {
    const { rows } = await this.db.query<{
      order_id: string;
      promotion_id: string;
      user_id: string;
      released: boolean;
    }>(
      `SELECT order_id, promotion_id, user_id, released_at IS NOT NULL AS released
       FROM promotion_redemptions WHERE order_id = $1`,
      [orderId],
    );
    const [row] = rows;
    return row
      ? { orderId: row.order_id, promotionId: row.promotion_id, userId: row.user_id, released: row.released }
      : null;
  }
}
