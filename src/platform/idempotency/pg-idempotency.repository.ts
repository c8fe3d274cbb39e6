import { type Queryable, type Transactor, toDate, toMs } from '../../database/db.js';
import type {
  BeginOutcome,
  IdempotencyRepository,
  KeyBounds,
  StoredResponse,
} from './idempotency.repository.js';
import { KeyNoLongerHeld } from './idempotency.repository.js';

/** The first half of the advisory lock that serializes one owner's begins (the other is the owner's hash). */
const OWNER_LOCK_SPACE = 12;

class StoreFull extends Error {}

/**
 * A key that may go: expired, or in progress for an instance that died. Rows begun before
 * migrations/016_claims.sql name no instance and keep their time lease.
 */
const LAPSED = (row: string, now: string) =>
  `(${row}expires_at <= ${now} OR (${row}response IS NULL AND ${row}holder_instance IS NOT NULL
    AND NOT instance_alive(${row}holder_instance)))`;

interface KeyRow {
  key: string;
  request_hash: string;
  holder: string;
  response: StoredResponse | null;
  expires_at: Date;
}

export class PgIdempotencyRepository implements IdempotencyRepository {
  /** `transaction` runs a bounded begin in a transaction of its own (on the units' connections). */
  constructor(
    private readonly db: Queryable,
    private readonly transaction: Transactor,
    /** This instance's number (src/database/liveness.ts): what the keys it begins record. */
    private readonly instance: number,
  ) {}

  async begin(
    key: string,
    requestHash: string,
    holder: string,
    now: number,
    leaseUntil: number,
    bounds?: KeyBounds,
  ): Promise<BeginOutcome> {
    if (!bounds) return this.claim(this.db, key, requestHash, holder, now, leaseUntil, '');
    try {
      return await this.transaction(async (tx) => {
        // One owner's begins run one after the other, across instances: its count is exact.
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [OWNER_LOCK_SPACE, bounds.owner]);
        const outcome = await this.claim(tx, key, requestHash, holder, now, leaseUntil, bounds.owner);
        if (outcome.state !== 'started') return outcome;
        await makeWay(tx, bounds.owner, now, bounds.maxPerOwner);
        await makeWay(tx, null, now, bounds.maxTotal);
        return outcome;
      });
    } catch (err) {
      // The transaction rolled back: the key was not claimed, nothing was forgotten.
      if (err instanceof StoreFull) return { state: 'full' };
      throw err;
    }
  }

  /**
   * Claims the key, or takes over one that expired or whose holder's instance died (its liveness
   * lock is gone), in one statement; otherwise reports who holds it. A live holder is never
   * taken over, however long its request runs.
   */
  private async claim(
    db: Queryable,
    key: string,
    requestHash: string,
    holder: string,
    now: number,
    leaseUntil: number,
    owner: string,
  ): Promise<BeginOutcome> {
    // A taken-over key gets a new rank (EXCLUDED.seq): it is the youngest, as in memory.
    const claimed = await db.query(
      `INSERT INTO idempotency_keys (key, request_hash, holder, response, expires_at, owner, holder_instance)
       VALUES ($1, $2, $3, NULL, $4, $6, $7)
       ON CONFLICT (key) DO UPDATE SET request_hash = EXCLUDED.request_hash, holder = EXCLUDED.holder,
         response = NULL, expires_at = EXCLUDED.expires_at, owner = EXCLUDED.owner, seq = EXCLUDED.seq,
         holder_instance = EXCLUDED.holder_instance
       WHERE ${LAPSED('idempotency_keys.', '$5')}`,
      [key, requestHash, holder, toDate(leaseUntil), toDate(now), owner, this.instance],
    );
    if (claimed.rowCount === 1) return { state: 'started' };
    const { rows } = await db.query<KeyRow>('SELECT * FROM idempotency_keys WHERE key = $1', [key]);
    const row = rows[0];
    if (!row) return this.claim(db, key, requestHash, holder, now, leaseUntil, owner);
    const record = {
      key: row.key,
      requestHash: row.request_hash,
      holder: row.holder,
      response: row.response,
      expiresAt: toMs(row.expires_at),
    };
    return row.response === null ? { state: 'in_progress', record } : { state: 'completed', record };
  }

  async complete(key: string, holder: string, response: StoredResponse, expiresAt: number): Promise<void> {
    await this.db.query(
      'UPDATE idempotency_keys SET response = $3, expires_at = $4 WHERE key = $1 AND holder = $2',
      [key, holder, JSON.stringify(response), toDate(expiresAt)],
    );
  }

  async seal(key: string, holder: string, response: StoredResponse, expiresAt: number): Promise<void> {
    const { rowCount } = await this.db.query(
      `UPDATE idempotency_keys SET response = $3, expires_at = $4
       WHERE key = $1 AND holder = $2 AND response IS NULL`,
      [key, holder, JSON.stringify(response), toDate(expiresAt)],
    );
    if (rowCount !== 1) throw new KeyNoLongerHeld(key);
  }

  async abandon(key: string, holder: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE key = $1 AND holder = $2 AND response IS NULL', [
      key,
      holder,
    ]);
  }

  async sweepExpired(now: number, limit: number): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM idempotency_keys WHERE key IN
         (SELECT key FROM idempotency_keys WHERE ${LAPSED('', '$1')} LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [toDate(now), limit],
    );
    return rowCount ?? 0;
  }
}

/**
 * Forgets the oldest rows (of `owner`, or of the table when null) that are completed or
 * expired until at most `max` remain; throws StoreFull when rows in progress leave no room.
 */
async function makeWay(tx: Queryable, owner: string | null, now: number, max: number): Promise<void> {
  const scope = owner === null ? '' : 'owner = $3 AND';
  const count = async () => {
    // Counting stops past the bound: a check reads at most max + 1 index entries.
    const { rows } = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM idempotency_keys WHERE ${owner === null ? '' : 'owner = $2 AND'} true LIMIT $1) s`,
      owner === null ? [max + 1] : [max + 1, owner],
    );
    return rows[0]?.n ?? 0;
  };
  const excess = (await count()) - max;
  if (excess <= 0) return;
  const { rowCount } = await tx.query(
    `DELETE FROM idempotency_keys WHERE key IN (
       SELECT key FROM idempotency_keys
       WHERE ${scope} (response IS NOT NULL OR expires_at <= $2) ORDER BY seq LIMIT $1)`,
    owner === null ? [excess, toDate(now)] : [excess, toDate(now), owner],
  );
  if ((rowCount ?? 0) >= excess) return;
  // Fewer went than asked: another instance may have forgotten some of the same rows at once
  // (the table-wide step takes no lock). Only a count still over the bound means keys in
  // progress fill it.
  if ((await count()) > max) throw new StoreFull();
}
