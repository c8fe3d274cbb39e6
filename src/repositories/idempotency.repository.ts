import type { ExpiringStore } from './expiring.js';

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
  | { state: 'completed'; record: IdempotencyRecord };

export interface IdempotencyRepository extends ExpiringStore {
  /**
   * Claims the key for `holder` until `leaseUntil` unless an unexpired record holds it,
   * in one step. A lease that lapsed (its holder died) is taken over.
   */
  begin(
    key: string,
    requestHash: string,
    holder: string,
    now: number,
    leaseUntil: number,
  ): Promise<BeginOutcome>;
  /** Stores the answer and keeps it until `expiresAt`, if `holder` still holds the key. */
  complete(key: string, holder: string, response: StoredResponse, expiresAt: number): Promise<void>;
  /** Forgets a key whose request failed on our side, so the client may retry; only its holder may. */
  abandon(key: string, holder: string): Promise<void>;
}
