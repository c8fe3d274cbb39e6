import { createHash } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import { Errors } from '../../shared/error-catalog.js';
import type { IdGenerator } from '../../shared/ids.js';
import { RetryLater } from '../../shared/retry-later.js';
import {
  type IdempotencyRepository,
  type KeyAnswers,
  KeyNoLongerHeld,
  type StoredResponse,
} from './idempotency.repository.js';

/**
 * Writes this request's answer under its key through a unit's own `keys`, inside the unit that
 * commits the work it answers for (issue 28); a request that seals is not completed again after.
 */
export type AnswerSeal = (keys: KeyAnswers, response: StoredResponse) => Promise<void>;

/** How long an answer is replayed. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface IdempotentRequest {
  userId: string;
  /** Which operation the key belongs to (`checkout`, `pay`): one key never crosses routes. */
  scope: string;
  key: string;
  body: unknown;
}

interface IdempotencyDeps {
  keys: IdempotencyRepository;
  clock: Clock;
  ids: IdGenerator;
  /** Live keys kept per user; a new one past it forgets that user's oldest completed key. */
  maxKeysPerUser: number;
  /** Live keys kept in the whole store, the same way (a ceiling against many accounts). */
  maxKeys: number;
}

/**
 * Replays the first response for a repeated key. The response is whatever `execute`
 * produced (success or a client error); a crash forgets the key so a retry runs again.
 * A success whose work commits in a unit is sealed in that unit (`execute`'s `seal`), so
 * the first success is what every retry sees even when the process dies right after.
 */
export class IdempotencyService {
  /** A key held by a live instance is never taken over: letting go of an ended request's must not fail. */
  private readonly cleanups = new RetryLater();

  constructor(private readonly deps: IdempotencyDeps) {}

  async run(
    request: IdempotentRequest,
    execute: (seal: AnswerSeal) => Promise<StoredResponse>,
  ): Promise<StoredResponse> {
    const { keys, clock, ids } = this.deps;
    const key = `${request.userId}:${request.scope}:${request.key}`;
    const requestHash = hashBody(request.body);
    const holder = ids.uuid();
    const now = clock.now();
    // No lease to outlive (issue 28): a key in progress is free once its holder's instance is
    // dead (PostgreSQL: its liveness lock, src/database/liveness.ts; in memory the holder is this
    // very process), never while it lives. The day's bound only lets a sweep forget a row.
    const begun = await keys.begin(key, requestHash, holder, now, now + KEY_LIFETIME_MS, {
      owner: request.userId,
      maxPerOwner: this.deps.maxKeysPerUser,
      maxTotal: this.deps.maxKeys,
    });
    // Only requests still running fill the bound: the client may retry once one of them ends.
    if (begun.state === 'full') throw Errors.idempotencyKeysExhausted();
    if (begun.state !== 'started') {
      if (begun.record.requestHash !== requestHash) throw Errors.idempotencyKeyReused();
      if (begun.state === 'in_progress' || begun.record.response === null)
        throw Errors.idempotencyInProgress();
      return begun.record.response;
    }
    let sealed = false;
    const seal: AnswerSeal = async (unitKeys, response) => {
      await unitKeys.seal(key, holder, response, clock.now() + KEY_LIFETIME_MS);
      sealed = true;
    };
    let response: StoredResponse;
    try {
      response = await execute(seal);
    } catch (err) {
      await this.cleanups.run(() => keys.abandon(key, holder));
      // Another request took the key over and the work was undone: its answer is the one to wait for.
      if (err instanceof KeyNoLongerHeld) throw Errors.idempotencyInProgress();
      throw err;
    }
    // Sealed with the work, the answer is stored already (and committed, since the work returned).
    if (!sealed) {
      try {
        await keys.complete(key, holder, response, clock.now() + KEY_LIFETIME_MS);
      } catch (err) {
        // Unstored, the answer is lost: the key goes (now or later), so the client's retry runs
        // again rather than waiting on a request that has ended. Only refusals get here.
        await this.cleanups.run(() => keys.abandon(key, holder));
        throw err;
      }
    }
    return response;
  }
}

function hashBody(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` count as the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // sort() compares UTF-16 code units, as `<` does; the keys of one object are distinct.
    const keys = Object.keys(object)
      .filter((k) => object[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
