import type { PromotionKind, Reduction } from '../pricing/discount.js';

/** A promo code and its limits. Times are epoch ms inside (seconds at the HTTP edge). */
export interface Promotion {
  id: string;
  /** As the admin typed it; unique whatever its case (see `codeKey`). */
  code: string;
  kind: PromotionKind;
  /** Percent (1–100) for `percent`, cents (≥ 1) for `fixed`, null for `free_shipping`. */
  value: number | null;
  /** The subtotal (before any discount) from which the code applies; 0: always. */
  minSubtotalCents: number;
  /** Valid from `startsAt` (included) until `endsAt` (excluded); null: no bound. */
  startsAt: number | null;
  endsAt: number | null;
  /** Uses in all; null: no limit. */
  maxUses: number | null;
  maxUsesPerCustomer: number | null;
  active: boolean;
  /** Uses claimed and not given back; only claims and releases move it. */
  uses: number;
  createdAt: number;
}

/** What an admin may change: everything but the id, the uses and the creation time. */
export type PromotionPatch = Partial<Omit<Promotion, 'id' | 'uses' | 'createdAt'>>;

/**
 * The key a code is compared by. Codes are ASCII letters, digits, `-` and `_` (the edge
 * refuses anything else), so upper-casing means the same in JavaScript and in PostgreSQL.
 */
export const codeKey = (code: string): string => code.toUpperCase();

export type PromotionInvalidity = 'INVALID_VALUE' | 'INVALID_DATES';

/** Why a promotion cannot be stored as it is, or null: the value must fit the kind, the end follow the start. */
export function invalidityOf(p: Omit<Promotion, 'id' | 'uses' | 'createdAt'>): PromotionInvalidity | null {
  const { kind, value } = p;
  const valueFits =
    kind === 'free_shipping'
      ? value === null
      : value !== null && Number.isInteger(value) && value >= 1 && (kind === 'fixed' || value <= 100);
  if (!valueFits) return 'INVALID_VALUE';
  if (p.startsAt !== null && p.endsAt !== null && p.startsAt >= p.endsAt) return 'INVALID_DATES';
  return null;
}

/** A patch's absent fields change nothing (an explicit null does). */
export function patched(promotion: Promotion, patch: PromotionPatch): Promotion {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...promotion, ...defined };
}

export type PromotionRefusal =
  | { reason: 'UNKNOWN' | 'NOT_YET_VALID' | 'EXPIRED' | 'USED_UP' | 'ALREADY_USED' }
  | { reason: 'MINIMUM_NOT_REACHED'; minimumCents: number };

export interface RedemptionContext {
  /** The app's clock, epoch ms. */
  now: number;
  /** The goods before any discount. */
  subtotalCents: number;
  /** Uses of this code by the customer, claimed and not given back. */
  customerUses: number;
}

/**
 * Why the code cannot be used now by this customer on this subtotal, or null when it can.
 * One reason, the most final first: a code that does not exist or is switched off, then its
 * dates, then its limits, and only then the minimum, the one thing the customer can change
 * (telling them to add goods for a code already used up would mislead them).
 */
export function refusalOf(promotion: Promotion | null, context: RedemptionContext): PromotionRefusal | null {
  if (promotion === null || !promotion.active) return { reason: 'UNKNOWN' };
  if (promotion.startsAt !== null && context.now < promotion.startsAt) return { reason: 'NOT_YET_VALID' };
  if (promotion.endsAt !== null && context.now >= promotion.endsAt) return { reason: 'EXPIRED' };
  if (promotion.maxUses !== null && promotion.uses >= promotion.maxUses) return { reason: 'USED_UP' };
  if (promotion.maxUsesPerCustomer !== null && context.customerUses >= promotion.maxUsesPerCustomer)
    return { reason: 'ALREADY_USED' };
  if (context.subtotalCents < promotion.minSubtotalCents)
    return { reason: 'MINIMUM_NOT_REACHED', minimumCents: promotion.minSubtotalCents };
  return null;
}

/** What the pricing takes off once the code applies (`src/pricing/discount.ts`). */
export const reductionOf = (promotion: Promotion): Reduction => ({
  kind: promotion.kind,
  value: promotion.value ?? 0,
});
