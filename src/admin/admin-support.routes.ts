import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  AdminThreadListResponseSchema,
  AdminThreadQuerySchema,
  MessageBodySchema,
  ThreadResponseSchema,
  toThreadResponse,
} from '../support/support.schemas.js';
import type { SupportService } from '../support/support.service.js';

const tags = ['Administration'];
const access = 'admin';

export const adminSupportRoutes: FastifyPluginAsyncZod<{ support: SupportService }> = async (
  app,
  { support },
) => {
  app.get(
    '/support/threads',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'adminListThreads',
        summary: 'Lister tous les fils de discussion, par page (les plus anciens d’abord)',
        querystring: AdminThreadQuerySchema,
        response: { 200: AdminThreadListResponseSchema },
      },
    },
    async (request) => {
      const { closed, limit, offset } = request.query;
      const page = await support.listAll({ closed }, { limit, offset });
      return { threads: page.items.map(toThreadResponse), total: page.total };
    },
  );

  app.post(
    '/support/threads/:id/reply',
    {
      config: { access, errors: [Errors.replyRefused, Errors.messageEmpty, Errors.threadNotFound] },
      schema: {
        tags,
        operationId: 'adminReplyThread',
        summary: 'Répondre en tant que Support',
        params: IdParamsSchema,
        body: MessageBodySchema,
        response: { 200: ThreadResponseSchema },
      },
    },
    async (request) => toThreadResponse(await support.reply(request.params.id, request.body.body)),
  );

  app.post(
    '/support/threads/:id/close',
    {
      config: { access, errors: [Errors.threadNotFound] },
      schema: {
        tags,
        operationId: 'adminCloseThread',
        summary: 'Fermer un fil de discussion',
        params: IdParamsSchema,
        response: { 200: ThreadResponseSchema },
      },
    },
    async (request) => toThreadResponse(await support.close(request.params.id)),
  );
};
