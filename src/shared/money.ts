/** Money is integer cents inside; euros exist only at the HTTP edge. */
export const centsToEuros = (cents: number): number => cents / 100;

/**
 * Converts a euro amount with at most two decimals to cents without float drift
 * (19.99 * 100 is 1998.9999999999998 in IEEE 754). Returns null when the amount
 * has more than two decimals.
 */
export function eurosToCents(euros: number): number | null {
  const cents = Math.round(euros * 100);
  return Math.abs(cents - euros * 100) < 1e-6 ? cents : null;
}
