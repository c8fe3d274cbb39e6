import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, IdParamsSchema } from '../platform/schemas.js';
import {
  AdminThreadListResponseSchema,
  AdminThreadQuerySchema,
  MessageBodySchema,
  ThreadResponseSchema,
  toThreadResponse,
} from '../support/support.schemas.js';
import type { SupportService } from '../support/support.service.js';

const tags = ['Administration'];
const config = { access: 'admin' } as const;

export const adminSupportRoutes: FastifyPluginAsyncZod<{ support: SupportService }> = async (
  app,
  { support },
) => {
  app.get(
    '/support/threads',
    {
      config,
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
      config,
      schema: {
        tags,
        operationId: 'adminReplyThread',
        summary: 'Répondre en tant que Support',
        params: IdParamsSchema,
        body: MessageBodySchema,
        response: {
          200: ThreadResponseSchema,
          400: errorResponse('Fil introuvable ou fermé. ; Le message ne peut pas être vide'),
          404: errorResponse('Fil de discussion introuvable'),
        },
      },
    },
    async (request) => toThreadResponse(await support.reply(request.params.id, request.body.body)),
  );

  app.post(
    '/support/threads/:id/close',
    {
      config,
      schema: {
        tags,
        operationId: 'adminCloseThread',
        summary: 'Fermer un fil de discussion',
        params: IdParamsSchema,
        response: { 200: ThreadResponseSchema, 404: errorResponse('Fil de discussion introuvable') },
      },
    },
    async (request) => toThreadResponse(await support.close(request.params.id)),
  );
};
