import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_VERSION } from '../shared/api-version.js';

const tags = ['Plateforme'];

export const platformRoutes: FastifyPluginAsyncZod<{ isReady: () => Promise<boolean> }> = async (
  app,
  { isReady },
) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        operationId: 'apiInfo',
        summary: "Présentation de l'API",
        response: { 200: z.object({ message: z.string(), version: z.string(), docs: z.string() }) },
      },
    },
    async () => ({ message: 'API E-Commerce', version: API_VERSION, docs: '/docs' }),
  );

  app.get(
    '/health',
    {
      schema: {
        tags,
        operationId: 'health',
        summary: 'Le processus répond',
        response: { 200: z.object({ status: z.string() }) },
      },
    },
    async () => ({ status: 'healthy' }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags,
        operationId: 'ready',
        summary: 'Les stockages répondent (503 sinon)',
        response: { 200: z.object({ status: z.string() }), 503: z.object({ status: z.string() }) },
      },
    },
    async (_request, reply) =>
      (await isReady().catch(() => false))
        ? { status: 'ready' }
        : reply.code(503).send({ status: 'unavailable' }),
  );
};
