/** A store of rows that expire: a periodic sweep removes them, a bounded batch per pass. */
export interface ExpiringStore {
  /** Removes at most `limit` rows expired at `now` (epoch ms); returns how many went. */
  sweepExpired(now: number, limit: number): Promise<number>;
}
