export const PROMOTION_KINDS = ['percent', 'fixed', 'free_shipping'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

/** What a code takes off, once it applies: a whole percent, fixed cents, or the shipping. */
export interface Reduction {
  kind: PromotionKind;
  /** Percent (1–100) for `percent`, cents for `fixed`, unused for `free_shipping`. */
  value: number;
}

/**
 * The discount on the goods, in cents, never more than they cost: a percentage is
 * taken once on the subtotal and rounded half up (never per line, so the lines' shares
 * add up to it); a fixed amount is capped at the subtotal; free shipping takes nothing
 * off the goods.
 */
export function goodsDiscountCents(reduction: Reduction | null, subtotalCents: number): number {
  if (reduction === null || subtotalCents <= 0) return 0;
  switch (reduction.kind) {
    case 'percent':
      return Math.min(subtotalCents, Math.floor((2 * subtotalCents * reduction.value + 100) / 200));
    case 'fixed':
      return Math.min(subtotalCents, reduction.value);
    case 'free_shipping':
      return 0;
  }
}
