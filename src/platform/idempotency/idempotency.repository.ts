import type { ExpiringStore } from '../../shared/expiring.js';

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export interface IdempotencyRecord {
  /** `<userId>:<scope>:<client key>`: a key only ever replays for the user who sent it. */
  key: string;
  requestHash: string;
  /** Which request holds the key: only it may complete or abandon it. */
  holder: string;
  response: StoredResponse | null;
  /** In progress: the end of the holder's lease. Completed: when the answer is forgotten. */
  expiresAt: number;
}

export type BeginOutcome =
  | { state: 'started' }
  | { state: 'in_progress'; record: IdempotencyRecord }
  | { state: 'completed'; record: IdempotencyRecord }
  /** The bounds leave no room: every key that could make way is still in progress. Nothing was stored. */
  | { state: 'full' };

/**
 * How many live keys may be kept: per owner (the user) and in the whole store. A new key
 * past a bound makes way by forgetting the oldest key that is completed or expired (of the
 * owner, then of the store); a key in progress is never forgotten.
 */
export interface KeyBounds {
  owner: string;
  maxPerOwner: number;
  maxTotal: number;
}

export interface IdempotencyRepository extends ExpiringStore {
  /**
   * Claims the key for `holder` until `leaseUntil` unless an unexpired record holds it,
   * in one step. A lease that lapsed (its holder died) is taken over. With `bounds`, a key
   * that starts makes way under them first (or the outcome is `full`); without, the key
   * counts for no owner (tests of the claim protocol alone).
   */
  begin(
    key: string,
    requestHash: string,
    holder: string,
    now: number,
    leaseUntil: number,
    bounds?: KeyBounds,
  ): Promise<BeginOutcome>;
  /** Stores the answer and keeps it until `expiresAt`, if `holder` still holds the key. */
  complete(key: string, holder: string, response: StoredResponse, expiresAt: number): Promise<void>;
  /** Forgets a key whose request failed on our side, so the client may retry; only its holder may. */
  abandon(key: string, holder: string): Promise<void>;
}
