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

/**
 * Cents as a French reader writes euros: `50,00 €`, `1 250,00 €` (no-break spaces between
 * thousands and before the sign, so the amount never wraps). Integer arithmetic: no float.
 */
export function formatEurosFr(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${units},${String(abs % 100).padStart(2, '0')}\u00a0€`;
}
