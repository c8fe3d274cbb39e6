import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { actorOf } from '../auth-guard.js';
import { toHttpError } from '../error-mapping.js';
import type { IdempotencyService } from './idempotency.service.js';

/**
 * Runs a handler under the `Idempotency-Key` protocol when the header is present:
 * the first answer (status and body, errors included) is stored and replayed.
 */
export async function sendIdempotent(
  idempotency: IdempotencyService,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: string,
  successStatus: number,
  handle: () => Promise<unknown>,
): Promise<void> {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) {
    await reply.code(successStatus).send(await handle());
    return;
  }

  const response = await idempotency.run(
    { userId: actorOf(request).userId, scope, key, body: request.body ?? null },
    async () => {
      try {
        return { statusCode: successStatus, body: await handle() };
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
