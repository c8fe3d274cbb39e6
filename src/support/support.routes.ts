import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth-guard.js';
import { IdParamsSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  MessageBodySchema,
  NewThreadBodySchema,
  ThreadListResponseSchema,
  ThreadResponseSchema,
  toThreadResponse,
} from './support.schemas.js';
import type { SupportService } from './support.service.js';

const tags = ['Support Client'];
const access = 'user';

export const supportRoutes: FastifyPluginAsyncZod<{ support: SupportService }> = async (app, { support }) => {
  app.post(
    '/threads',
    {
      config: {
        access,
        errors: [
          Errors.subjectTooShort,
          Errors.messageEmpty,
          Errors.threadOrderForbidden,
          Errors.orderNotFound,
          Errors.tooManyOpenThreads,
        ],
      },
      schema: {
        tags,
        operationId: 'openThread',
        summary: 'Ouvrir un fil de discussion',
        body: NewThreadBodySchema,
        response: { 201: ThreadResponseSchema },
      },
    },
    async (request, reply) => {
      const { subject, initial_message, order_id } = request.body;
      const thread = await support.open(actorOf(request), {
        subject,
        initialMessage: initial_message,
        orderId: order_id ? order_id : null,
      });
      return reply.code(201).send(toThreadResponse(thread));
    },
  );

  app.get(
    '/threads',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'listMyThreads',
        summary: 'Lister ses fils de discussion',
        response: { 200: ThreadListResponseSchema },
      },
    },
    async (request) => ({ threads: (await support.listMine(actorOf(request))).map(toThreadResponse) }),
  );

  app.get(
    '/threads/:id',
    {
      config: { access, errors: [Errors.threadForbidden, Errors.threadNotFound] },
      schema: {
        tags,
        operationId: 'getThread',
        summary: 'Lire un fil de discussion',
        params: IdParamsSchema,
        response: { 200: ThreadResponseSchema },
      },
    },
    async (request) => toThreadResponse(await support.get(actorOf(request), request.params.id)),
  );

  app.post(
    '/threads/:id/messages',
    {
      config: {
        access,
        errors: [Errors.threadClosed, Errors.messageEmpty, Errors.threadForbidden, Errors.threadNotFound],
      },
      schema: {
        tags,
        operationId: 'postThreadMessage',
        summary: 'Écrire dans son fil de discussion',
        params: IdParamsSchema,
        body: MessageBodySchema,
        response: { 201: ThreadResponseSchema },
      },
    },
    async (request, reply) => {
      const thread = await support.post(actorOf(request), request.params.id, request.body.body);
      return reply.code(201).send(toThreadResponse(thread));
    },
  );
};
