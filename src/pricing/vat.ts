/** The French VAT rates a product may carry, in percent: normal, intermediate, reduced, super-reduced. */
export const VAT_RATES = [20, 10, 5.5, 2.1] as const;
export type VatRate = (typeof VAT_RATES)[number];

export const isVatRate = (rate: number): rate is VatRate => (VAT_RATES as readonly number[]).includes(rate);

/**
 * Splits a VAT-inclusive total into VAT and the amount excluding VAT. The VAT is
 * rounded to the nearest cent, half up, on the total (not per line), and the
 * amount excluding VAT is the remainder, so the two always add up exactly.
 * Integer arithmetic in basis points, so 5.5 % is as exact as 20 %.
 */
export function splitVat(
  totalCents: number,
  ratePercent: number,
): { vatCents: number; totalExclVatCents: number } {
  const rateBp = Math.round(ratePercent * 100);
  const vatCents = Math.floor((2 * totalCents * rateBp + (10_000 + rateBp)) / (2 * (10_000 + rateBp)));
  return { vatCents, totalExclVatCents: totalCents - vatCents };
}

export interface VatLine {
  rate: number;
  /** The amount excluding VAT taxed at this rate. */
  baseExclVatCents: number;
  vatCents: number;
}

/**
 * One line per rate, highest rate first, from the VAT-inclusive amounts taxed at each
 * rate. Each rate's VAT is rounded once on its own total, as an invoice shows it.
 */
export function vatBreakdown(inclusiveByRate: ReadonlyMap<number, number>): VatLine[] {
  return [...inclusiveByRate]
    .sort(([a], [b]) => b - a)
    .map(([rate, inclusiveCents]) => {
      const { vatCents, totalExclVatCents } = splitVat(inclusiveCents, rate);
      return { rate, baseExclVatCents: totalExclVatCents, vatCents };
    });
}
