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
  /**
   * `complete` inside the unit of work that commits the request's work (issue 28): throws
   * KeyNoLongerHeld, undoing that unit, when `holder` no longer holds the key in progress.
   */
  seal(key: string, holder: string, response: StoredResponse, expiresAt: number): Promise<void>;
  /**
   * Forgets a key whose request failed on our side, so the client may retry; only its holder
   * may, and only while in progress: an answer sealed with the work stays.
   */
  abandon(key: string, holder: string): Promise<void>;
}

/** What a unit of work may do with keys: seal a keyed request's answer along with its work. */
export type KeyAnswers = Pick<IdempotencyRepository, 'seal'>;

/**
 * Writes the answer a keyed request gives for `result` through the unit's own `keys`, in the
 * unit that commits `result`: the work and its answer commit together or not at all, so a
 * crash between them cannot leave work done under a key that still says "in progress".
 */
export type ResultSeal<T> = (result: T, keys: KeyAnswers) => Promise<void>;

/** Thrown by `seal` when another request took the key over: the unit sealing it is undone. */
export class KeyNoLongerHeld extends Error {
  constructor(key: string) {
    super(`idempotency key ${key} is no longer held by this request`);
  }
}
