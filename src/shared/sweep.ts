/** Deletes at most `limit` entries of `map` that `isExpired` accepts; returns how many went. */
export function sweepMap<K, V>(map: Map<K, V>, isExpired: (value: V) => boolean, limit: number): number {
  let removed = 0;
  for (const [key, value] of map) {
    if (removed === limit) break;
    if (!isExpired(value)) continue;
    map.delete(key);
    removed += 1;
  }
  return removed;
}
