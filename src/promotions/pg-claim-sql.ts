import type { ClaimOutcome } from './promotion.repository.js';

/** Where the claim's values come from in the statement it is spliced into: placeholders or SQL expressions. */
export interface ClaimParameters {
  /** A text expression, e.g. `$7`; NULL claims nothing (an order without a code). */
  promotionId: string;
  userId: string;
  orderId: string;
  /**
   * A boolean SQL expression the claim waits for, e.g. `(SELECT fits FROM verdict)`: while it
   * is false the promotion is not even locked. Checkout passes its stock verdict, so its
   * locks are taken products first, then the promotion (every writer keeps that order).
   */
  gate?: string;
}

/**
 * The claim of one use of a promotion as CTEs (without the leading `WITH`), to splice into
 * a statement that does other writes (the PostgreSQL checkout of src/orders/pg-order-placement.ts)
 * or to run alone (`PgPromotionRepository.claim`). Four steps, in an order their data fixes:
 *
 * 1. `promo_locked` locks the promotion row (`FOR UPDATE`: its latest version under READ
 *    COMMITTED, re-read after a wait), so the claims of one code run one after the other.
 * 2. `promo_customer` is the claim's keystone: it takes the customer's use in
 *    `promotion_customer_uses` only while the promotion has uses left, and with
 *    `INSERT … ON CONFLICT DO UPDATE … WHERE`, which judges the customer's row at its latest
 *    version (a count read from the statement's snapshot would miss a claim committed while
 *    this one waited for the lock). It returns one row when the claim holds, none otherwise.
 * 3. `promo_counted` and `promo_redeemed` follow only from that row: the promotion's `uses`
 *    goes up and the order's redemption row is written (its primary key, the order id, makes
 *    a second claim for one order fail the whole statement).
 *
 * A statement that splices it must make each of its own writes depend on `PROMOTION_CLAIMED`
 * when a code is given (`… WHERE v.fits AND ($7::text IS NULL OR ${PROMOTION_CLAIMED})`), so
 * that a refused claim writes nothing at all, and may select `CLAIM_VERDICT` to say why.
 */
export function claimCtes({ promotionId, userId, orderId, gate = 'true' }: ClaimParameters): string {
  return `promo_locked AS (
    SELECT id, uses, max_uses, max_uses_per_customer FROM promotions
    WHERE id = ${promotionId} AND active AND ${gate}
    FOR UPDATE
  ),
  promo_customer AS (
    INSERT INTO promotion_customer_uses AS c (promotion_id, user_id, uses)
    SELECT l.id, ${userId}, 1 FROM promo_locked l WHERE l.max_uses IS NULL OR l.uses < l.max_uses
    ON CONFLICT (promotion_id, user_id) DO UPDATE SET uses = c.uses + 1
    WHERE (SELECT max_uses_per_customer FROM promo_locked) IS NULL
       OR c.uses < (SELECT max_uses_per_customer FROM promo_locked)
    RETURNING c.promotion_id
  ),
  promo_counted AS (
    UPDATE promotions p SET uses = p.uses + 1 FROM promo_customer k WHERE p.id = k.promotion_id RETURNING p.id
  ),
  promo_redeemed AS (
    INSERT INTO promotion_redemptions (order_id, promotion_id, user_id)
    SELECT ${orderId}, k.promotion_id, ${userId} FROM promo_customer k RETURNING order_id
  )`;
}

/** True in the statement once the claim held. */
export const PROMOTION_CLAIMED = 'EXISTS (SELECT 1 FROM promo_customer)';

/** Select-list items telling how the claim went; `claimOutcomeOf` reads them. */
export const CLAIM_VERDICT = `(SELECT count(*) FROM promo_customer)::int AS promo_claimed,
  (SELECT count(*) FROM promo_locked)::int AS promo_found,
  (SELECT uses FROM promo_locked) AS promo_uses,
  (SELECT max_uses FROM promo_locked) AS promo_max_uses`;

export interface ClaimVerdictRow {
  promo_claimed: number;
  promo_found: number;
  promo_uses: number | null;
  promo_max_uses: number | null;
}

/** Meaningful only when the gate was true: a closed gate locks nothing and reads as UNKNOWN. */
export function claimOutcomeOf(row: ClaimVerdictRow): ClaimOutcome {
  if (row.promo_claimed > 0) return { ok: true };
  if (row.promo_found === 0) return { ok: false, reason: 'UNKNOWN' };
  const usedUp = row.promo_max_uses !== null && (row.promo_uses ?? 0) >= row.promo_max_uses;
  return { ok: false, reason: usedUp ? 'USED_UP' : 'ALREADY_USED' };
}

/**
 * Gives an order's use back, once: only the statement that moves `released_at` from NULL
 * (re-checked on the row's latest version when two race) decrements the counts. Runs alone
 * or inside a unit of work's transaction (cancel, expiry); locks the redemption, then the
 * promotion, then the customer's row: the claim's order (promotion, then customer), and a claim
 * never locks another order's redemption.
 */
export const RELEASE_SQL = `WITH released AS (
    UPDATE promotion_redemptions SET released_at = now()
    WHERE order_id = $1 AND released_at IS NULL
    RETURNING promotion_id, user_id
  ),
  counted AS (
    UPDATE promotions p SET uses = p.uses - 1 FROM released r WHERE p.id = r.promotion_id
    RETURNING p.id AS promotion_id, r.user_id
  ),
  -- From counted, not from released: the customer's row is locked after the promotion's, as a
  -- claim does (sibling CTEs run in no set order, and the other order deadlocks with a claim).
  customer AS (
    UPDATE promotion_customer_uses c SET uses = c.uses - 1 FROM counted k
    WHERE c.promotion_id = k.promotion_id AND c.user_id = k.user_id RETURNING c.user_id
  )
  SELECT count(*)::int AS released FROM released`;
