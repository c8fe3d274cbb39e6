import type { Promotion, PromotionInvalidity, PromotionPatch } from './promotion.js';

export type SaveOutcome =
  | { ok: true; promotion: Promotion }
  | { ok: false; reason: 'NOT_FOUND' | 'CODE_TAKEN' | PromotionInvalidity };

export type DeleteOutcome = { ok: true } | { ok: false; reason: 'NOT_FOUND' | 'IN_USE' };

export interface Claim {
  promotionId: string;
  userId: string;
  /** The order the use is for: an order claims a code at most once (a second claim throws). */
  orderId: string;
}

export type ClaimOutcome = { ok: true } | { ok: false; reason: 'UNKNOWN' | 'USED_UP' | 'ALREADY_USED' };

/** One order's use of a code; kept once given back, as `released`. */
export interface Redemption {
  orderId: string;
  promotionId: string;
  userId: string;
  released: boolean;
}

/**
 * The promo codes and their uses. `claim` and `release` are the atomic pair the checkout,
 * the cancellation and the expiry rest on; in memory both record their inverses in a unit
 * of work's undo log, in PostgreSQL each is one statement.
 */
export interface PromotionRepository {
  /** Oldest first. */
  list(): Promise<Promotion[]>;
  findById(id: string): Promise<Promotion | null>;
  /** Whatever the case of `code`. */
  findByCode(code: string): Promise<Promotion | null>;
  /** Refused when another code is the same whatever the case, or the promotion is invalid (`invalidityOf`). */
  insert(promotion: Promotion): Promise<SaveOutcome>;
  /** The patch applied to the stored promotion and judged as a whole, in one step; `uses` is never written. */
  update(id: string, patch: PromotionPatch): Promise<SaveOutcome>;
  /** Only a promotion never claimed: one that served stays, for the accounts (deactivate it instead). */
  delete(id: string): Promise<DeleteOutcome>;
  /** The customer's uses of the promotion, claimed and not given back. */
  customerUses(promotionId: string, userId: string): Promise<number>;
  /**
   * Takes one use for the order, in one step that cannot be split: only while the promotion
   * exists and is active, its uses are below `maxUses` and the customer's below
   * `maxUsesPerCustomer`. Dates and the minimum are the service's (`refusalOf`), judged at
   * the same moment.
   */
  claim(claim: Claim): Promise<ClaimOutcome>;
  /** Gives the order's use back; true for the one call that did, whatever calls race. */
  release(orderId: string): Promise<boolean>;
  redemptionOf(orderId: string): Promise<Redemption | null>;
}
