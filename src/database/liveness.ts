import { randomInt } from 'node:crypto';
import type postgres from 'postgres';
import type { Logger } from '../shared/logger.js';
import { openClient } from './db.js';

/** The advisory locks' first key: `instance_alive` (migrations/016_claims.sql) looks for it. */
const LIVENESS_SPACE = 28;
/** How soon a lost liveness connection is opened again. */
const RETRY_MS = 250;

/**
 * This instance's liveness, as PostgreSQL sees it (issue 28): a session-level advisory lock
 * `(28, instance)` held on a connection of its own for the whole life of the process. Claims
 * (an Idempotency-Key in progress, a payment claim) record `instance`; anyone may take over
 * one whose instance's lock is gone. A SIGKILLed process's connection is closed by its kernel
 * and the server drops the lock at once; a machine that vanished is noticed by the server's TCP
 * keepalives within about two seconds (set below on this connection only).
 */
export interface InstanceLiveness {
  readonly instance: number;
  end(): Promise<void>;
}

export async function holdLiveness(
  databaseUrl: string,
  options: { schema?: string; logger: Logger },
): Promise<InstanceLiveness> {
  let ended = false;
  let session: postgres.ReservedSql | undefined;
  let instance = randomInt(1, 2 ** 31 - 1);
  /** True while a lost lock is being taken again: one loop, however many connections fail meanwhile. */
  let retaking = false;

  /** Takes the lock for `candidate` on a connection reserved for it; false if another session holds it. */
  const take = async (candidate: number): Promise<boolean> => {
    const reserved = await sql.reserve();
    const [row] = await reserved.unsafe<{ taken: boolean }[]>(
      'SELECT pg_try_advisory_lock($1, $2) AS taken',
      [LIVENESS_SPACE, candidate],
    );
    if (row?.taken) {
      session = reserved;
      return true;
    }
    reserved.release();
    return false;
  };
  /**
   * After a lost connection, the same number again (the claims name it), every RETRY_MS until it
   * holds: the server may not have dropped the old session's lock yet, or be unreachable.
   */
  const retake = (): void => {
    if (ended || retaking) return;
    retaking = true;
    options.logger.warn({ instance }, 'liveness connection lost: taking the lock again');
    const attempt = async (): Promise<void> => {
      if (ended) return;
      if (await take(instance).catch(() => false)) {
        retaking = false;
        return;
      }
      setTimeout(() => void attempt(), RETRY_MS).unref();
    };
    setTimeout(() => void attempt(), RETRY_MS).unref();
  };
  const sql = openClient(databaseUrl, {
    max: 1,
    ...(options.schema && { schema: options.schema }),
    serverSettings: { tcp_keepalives_idle: 1, tcp_keepalives_interval: 1, tcp_keepalives_count: 1 },
    onclose: () => retake(),
  });

  // A number another live instance holds already (one chance in 2^31) is drawn again.
  while (!(await take(instance))) instance = randomInt(1, 2 ** 31 - 1);
  return {
    instance,
    end: async () => {
      ended = true;
      session?.release();
      await sql.end({ timeout: 5 });
    },
  };
}
