import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdminEmailQuerySchema,
  EmailListResponseSchema,
  EmailResponseSchema,
  toEmailResponse,
} from '../mail/mail.schemas.js';
import type { OutboxService } from '../mail/outbox.service.js';
import { IdParamsSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';

const tags = ['Administration'];
const access = 'admin';

/** The outbox seen by an admin (issue 26): what waits, what went, what failed and why. */
export const adminEmailRoutes: FastifyPluginAsyncZod<{ outbox: OutboxService }> = async (app, { outbox }) => {
  app.get(
    '/emails',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'adminListEmails',
        summary: 'Lister les e-mails de la boîte d’envoi, les plus récents d’abord (essais, dernière erreur)',
        querystring: AdminEmailQuerySchema,
        response: { 200: EmailListResponseSchema },
      },
    },
    async (request) => {
      const { status, limit, offset } = request.query;
      const page = await outbox.list(status, { limit, offset });
      return { emails: page.items.map(toEmailResponse), total: page.total };
    },
  );

  app.post(
    '/emails/:id/retry',
    {
      config: { access, errors: [Errors.mailNotFound, Errors.mailNotFailed] },
      schema: {
        tags,
        operationId: 'adminRetryEmail',
        summary: 'Renvoyer un e-mail en échec (il repart en attente, dû tout de suite)',
        params: IdParamsSchema,
        response: { 200: EmailResponseSchema },
      },
    },
    async (request) => toEmailResponse(await outbox.retry(request.params.id)),
  );
};
