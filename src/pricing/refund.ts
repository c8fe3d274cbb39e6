/** An order line as frozen at checkout: its price and its share of the order's discount. */
export interface FrozenLine {
  unitPriceCents: number;
  quantity: number;
  discountCents: number;
}

/** What the first `units` units of the line cost after discount; their discount share rounds down. */
const netOfUnits = (line: FrozenLine, units: number): number =>
  line.unitPriceCents * units - Math.floor((line.discountCents * units) / line.quantity);

/**
 * The refund for `returning` more units of a line of which `alreadyReturned` were
 * refunded: the price paid for them, their frozen discount share deducted. The
 * shares are never spread again (the rest of the order keeps its own), and every
 * unit returned one by one adds up to exactly what the line cost after discount.
 */
export function refundOfUnits(line: FrozenLine, alreadyReturned: number, returning: number): number {
  const upTo = alreadyReturned + returning;
  if (
    !Number.isInteger(alreadyReturned) ||
    !Number.isInteger(returning) ||
    alreadyReturned < 0 ||
    returning < 0
  )
    throw new RangeError('units');
  if (upTo > line.quantity) throw new RangeError(`${upTo} units of a line of ${line.quantity}`);
  return netOfUnits(line, upTo) - netOfUnits(line, alreadyReturned);
}
