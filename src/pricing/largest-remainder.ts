/**
 * Splits `amount` cents over `weights` in proportion, by the largest-remainder method:
 * each share is the floor of its exact part, and the cents left over go one each to
 * the largest fractional parts (the earlier index first on a tie). The shares add up
 * to `amount` exactly, and while `amount` is at most the sum of the weights no share
 * exceeds its weight, and a weight of 0 gets 0.
 *
 * BigInt, because a weight (999 units of a 1,000,000 € line) times an amount passes
 * 2^53 long before a real order is unusual.
 */
export function splitByLargestRemainder(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount ${amount}`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights');
  const total = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (total === 0n) {
    if (amount === 0) return weights.map(() => 0);
    throw new RangeError('an amount cannot be split over weights that are all 0');
  }
  const exact = weights.map((w) => BigInt(amount) * BigInt(w));
  const shares = exact.map((part) => part / total);
  let left = BigInt(amount) - shares.reduce((sum, s) => sum + s, 0n);
  const byRemainder = exact
    .map((part, index) => ({ index, remainder: part % total }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares.map(Number);
}
