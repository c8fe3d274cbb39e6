import { goodsDiscountCents, type Reduction } from './discount.js';
import { splitByLargestRemainder } from './largest-remainder.js';
import { type VatLine, vatBreakdown } from './vat.js';

export interface PricedLine {
  /** VAT-inclusive. */
  unitPriceCents: number;
  quantity: number;
  vatRate: number;
}

export interface ShippingPrice {
  priceCents: number;
  /** Free once the goods, discount taken off, cost at least this much; null: never free. */
  freeFromCents: number | null;
}

export interface Totals {
  subtotalCents: number;
  discountCents: number;
  /** Each line's share of the discount, in the lines' order; they add up to `discountCents`. */
  lineDiscountCents: number[];
  shippingCents: number;
  /** What the customer pays: subtotal − discount + shipping. */
  totalCents: number;
  /** Per rate, goods and shipping together; bases and VAT add up to `totalCents`. */
  vat: VatLine[];
}

/** The shipping charged: nothing with a free-shipping code or above the method's threshold. */
export function shippingCents(
  shipping: ShippingPrice | null,
  reduction: Reduction | null,
  goodsAfterDiscountCents: number,
): number {
  if (shipping === null || reduction?.kind === 'free_shipping') return 0;
  if (shipping.freeFromCents !== null && goodsAfterDiscountCents >= shipping.freeFromCents) return 0;
  return shipping.priceCents;
}

/**
 * VAT-inclusive amounts per rate. Shipping is an accessory of the goods and follows
 * their VAT: split over the rates in proportion to what the goods of each rate cost
 * after discount (before discount when the discount took everything; evenly when the
 * goods are all free).
 */
function inclusiveByRate(
  lines: readonly PricedLine[],
  netCents: readonly number[],
  shippingCharged: number,
): Map<number, number> {
  const rates = [...new Set(lines.map((line) => line.vatRate))];
  const netOf = (rate: number, amounts: readonly number[]) =>
    lines.reduce((sum, line, i) => (line.vatRate === rate ? sum + (amounts[i] ?? 0) : sum), 0);
  const goods = rates.map((rate) => netOf(rate, netCents));
  const gross = rates.map((rate) =>
    netOf(
      rate,
      lines.map((line) => line.unitPriceCents * line.quantity),
    ),
  );
  const weights = [goods, gross, rates.map(() => 1)].find((w) => w.some((amount) => amount > 0)) ?? goods;
  const shippingShares =
    shippingCharged > 0 ? splitByLargestRemainder(shippingCharged, weights) : rates.map(() => 0);
  return new Map(rates.map((rate, i) => [rate, (goods[i] ?? 0) + (shippingShares[i] ?? 0)]));
}

/**
 * The one computation behind a cart's, an order's and an invoice's figures. Integer
 * cents throughout: the discount is taken once and split over the lines by largest
 * remainder (so no line goes below zero and the shares add up), and the VAT of each
 * rate is rounded once on that rate's total.
 */
export function priceLines(
  lines: readonly PricedLine[],
  reduction: Reduction | null,
  shipping: ShippingPrice | null,
): Totals {
  const lineTotals = lines.map((line) => line.unitPriceCents * line.quantity);
  const subtotalCents = lineTotals.reduce((sum, amount) => sum + amount, 0);
  if (lines.length === 0) {
    return {
      subtotalCents: 0,
      discountCents: 0,
      lineDiscountCents: [],
      shippingCents: 0,
      totalCents: 0,
      vat: [],
    };
  }
  const discountCents = goodsDiscountCents(reduction, subtotalCents);
  const lineDiscountCents = splitByLargestRemainder(discountCents, lineTotals);
  const netCents = lineTotals.map((amount, i) => amount - (lineDiscountCents[i] ?? 0));
  const charged = shippingCents(shipping, reduction, subtotalCents - discountCents);
  const totalCents = subtotalCents - discountCents + charged;
  return {
    subtotalCents,
    discountCents,
    lineDiscountCents,
    shippingCents: charged,
    totalCents,
    vat: vatBreakdown(inclusiveByRate(lines, netCents, charged)),
  };
}
