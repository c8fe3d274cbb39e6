import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParamsSchema, MessageResponseSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  NewPromotionBodySchema,
  PromotionListResponseSchema,
  PromotionPatchBodySchema,
  PromotionResponseSchema,
  toNewPromotion,
  toPromotionList,
  toPromotionPatch,
  toPromotionResponse,
} from './promotion.schemas.js';
import type { PromotionService } from './promotion.service.js';

const tags = ['Administration'];
const access = 'admin';
const invalid = [Errors.promotionValueInvalid, Errors.promotionDatesInvalid, Errors.promotionCodeTaken];

/** Promo codes' CRUD, under /api/admin. */
export const adminPromotionRoutes: FastifyPluginAsyncZod<{ promotions: PromotionService }> = async (
  app,
  { promotions },
) => {
  app.get(
    '/promotions',
    {
      config: { access },
      schema: {
        tags,
        operationId: 'adminListPromotions',
        summary: 'Lister les codes promo, avec leurs utilisations',
        response: { 200: PromotionListResponseSchema },
      },
    },
    async () => toPromotionList(await promotions.list()),
  );

  app.post(
    '/promotions',
    {
      config: { access, errors: invalid },
      schema: {
        tags,
        operationId: 'adminCreatePromotion',
        summary: 'Créer un code promo',
        body: NewPromotionBodySchema,
        response: { 201: PromotionResponseSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toPromotionResponse(await promotions.create(toNewPromotion(request.body)))),
  );

  app.put(
    '/promotions/:id',
    {
      config: { access, errors: [Errors.promotionNotFound, ...invalid] },
      schema: {
        tags,
        operationId: 'adminUpdatePromotion',
        summary: 'Modifier un code promo (uses ne se modifie pas)',
        params: IdParamsSchema,
        body: PromotionPatchBodySchema,
        response: { 200: PromotionResponseSchema },
      },
    },
    async (request) =>
      toPromotionResponse(await promotions.update(request.params.id, toPromotionPatch(request.body))),
  );

  app.delete(
    '/promotions/:id',
    {
      config: { access, errors: [Errors.promotionNotFound, Errors.promotionInUse] },
      schema: {
        tags,
        operationId: 'adminDeletePromotion',
        summary: 'Supprimer un code promo jamais utilisé (sinon, le désactiver)',
        params: IdParamsSchema,
        response: { 200: MessageResponseSchema },
      },
    },
    async (request) => {
      await promotions.delete(request.params.id);
      return { message: 'Code promo supprimé' };
    },
  );
};
