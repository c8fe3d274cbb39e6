import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { actorOf } from '../auth-guard.js';
import { toHttpError } from '../error-mapping.js';
import type { ResultSeal } from './idempotency.repository.js';
import type { IdempotencyService } from './idempotency.service.js';

/**
 * Given how the route presents a service's result, the seal that writes that answer under the
 * request's key inside the unit committing the result. Absent without an `Idempotency-Key`.
 */
export type SealWith = <T>(present: (result: T) => unknown) => ResultSeal<T>;

/**
 * Runs a handler under the `Idempotency-Key` protocol when the header is present:
 * the first answer (status and body, errors included) is stored and replayed. A handler
 * whose service commits its work in a unit passes it `sealWith(presenter)`, so the success
 * answer is stored in that same unit.
 */
export async function sendIdempotent(
  idempotency: IdempotencyService,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: string,
  successStatus: number,
  handle: (sealWith: SealWith | undefined) => Promise<unknown>,
): Promise<void> {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) {
    await reply.code(successStatus).send(await handle(undefined));
    return;
  }

  const response = await idempotency.run(
    { userId: actorOf(request).userId, scope, key, body: request.body ?? null },
    async (seal) => {
      const sealWith: SealWith = (present) => (result, keys) =>
        seal(keys, { statusCode: successStatus, body: present(result) });
      try {
        return { statusCode: successStatus, body: await handle(sealWith) };
      } catch (err) {
        // A refusal by the rules is an answer worth replaying; anything else (an outage, a bug) is retried.
        if (!(err instanceof AppError)) throw err;
        const { statusCode, body } = toHttpError(err);
        return { statusCode, body };
      }
    },
  );
  await reply.code(response.statusCode).send(response.body);
}
