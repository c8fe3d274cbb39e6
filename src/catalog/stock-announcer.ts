import { CURRENT_CHANNEL_SQL, STOCK_BATCH_TAG, type StockMove } from '../database/change-feed.js';
import type { Queryable } from '../database/db.js';
import type { VersionedProduct } from './pg-product.repository.js';

/** How long a stock move waits for others to share its notification: far inside the 1 s coherence bound. */
export const ANNOUNCE_EVERY_MS = 25;
/** Moves per notification: a NOTIFY payload must stay under 8,000 bytes. */
const MOVES_PER_PAYLOAD = 50;
/** After a failed send, the moves wait this long before the next try. */
const RETRY_MS = 1_000;

/**
 * Tells the other instances of the stock this instance's checkouts, reservations and releases
 * left, in one notification per ANNOUNCE_EVERY_MS instead of one per transaction.
 *
 * Why not the trigger: a transaction that notifies takes a database-wide lock from its commit
 * until its commit is flushed, so notifying checkouts commit one at a time; announced this way
 * they commit together and the purchase loop runs about a fifth faster (BENCHMARKS.md). The API's
 * connections say so (`ecommerce.announces_updates`, set by `createPool`) and the
 * `products_updated` trigger stays silent for them; other writers are still announced by it.
 *
 * The price: a move is announced only after its commit, from this process. An instance killed
 * in between (a window of ANNOUNCE_EVERY_MS) leaves the others showing that product's old
 * stock until its next write or their next reconciliation (`ProductReadModel`, every 30 s);
 * stock decisions are the database's, so nothing is sold twice.
 */
export class StockAnnouncer {
  /** Latest move per product: an older one would be skipped as old news anyway. */
  private pending = new Map<string, StockMove>();
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly db: Queryable) {}

  /** Rows whose stock moved, after their transaction committed. */
  announce = (rows: readonly VersionedProduct[]): void => {
    for (const { product, version } of rows) {
      const queued = this.pending.get(product.id);
      if (!queued || queued[1] < version)
        this.pending.set(product.id, [product.id, version, product.stockQty]);
    }
    this.sendIn(ANNOUNCE_EVERY_MS);
  };

  /** Sends what is pending now: on shutdown, so a graceful stop announces everything. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.sending = this.sending.then(() => this.send());
    await this.sending;
  }

  private async send(): Promise<void> {
    const moves = [...this.pending.values()];
    this.pending = new Map();
    if (moves.length === 0) return;
    const payloads: string[] = [];
    for (let at = 0; at < moves.length; at += MOVES_PER_PAYLOAD) {
      payloads.push(STOCK_BATCH_TAG + JSON.stringify(moves.slice(at, at + MOVES_PER_PAYLOAD)));
    }
    try {
      await this.db.query(
        `SELECT pg_notify(${CURRENT_CHANNEL_SQL}, payload) FROM unnest($1::text[]) AS payload`,
        [payloads],
      );
    } catch {
      // Kept for a later try, unless a newer move of the product came meanwhile. If the database
      // itself is down, the others' feeds are too, and they reload everything once it is back.
      for (const move of moves) if (!this.pending.has(move[0])) this.pending.set(move[0], move);
      this.sendIn(RETRY_MS);
    }
  }

  private sendIn(delayMs: number): void {
    if (this.pending.size === 0 || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sending = this.sending.then(() => this.send());
    }, delayMs);
    this.timer.unref();
  }
}
