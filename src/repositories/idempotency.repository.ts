export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export interface IdempotencyRecord {
  /** `<userId>:<scope>:<client key>`: a key only ever replays for the user who sent it. */
  key: string;
  requestHash: string;
  response: StoredResponse | null;
  expiresAt: number;
}

export type BeginOutcome =
  | { state: 'started' }
  | { state: 'in_progress'; record: IdempotencyRecord }
  | { state: 'completed'; record: IdempotencyRecord };

export interface IdempotencyRepository {
  /** Claims the key for a new request unless an unexpired record holds it. One step. */
  begin(key: string, requestHash: string, now: number, expiresAt: number): Promise<BeginOutcome>;
  complete(key: string, response: StoredResponse): Promise<void>;
  /** Forgets a key whose request failed on our side, so the client may retry. */
  abandon(key: string): Promise<void>;
}
