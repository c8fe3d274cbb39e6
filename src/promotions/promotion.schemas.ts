import { z } from 'zod';
import { apiSchemas } from '../platform/schemas.js';
import { PROMOTION_KINDS } from '../pricing/discount.js';
import { centsToEuros } from '../shared/money.js';
import type { Promotion, PromotionPatch } from './promotion.js';
import type { NewPromotion } from './promotion.service.js';

const MAX_CENTS = 100_000_000;
const MAX_COUNT = 1_000_000_000;
/** 9999-12-31T23:59:59Z: any date a shop may mean, and no overflow in ms. */
const MAX_EPOCH_SECONDS = 253_402_300_799;

const EpochSeconds = z.number().min(0).max(MAX_EPOCH_SECONDS);
const Count = z.number().int().min(1).max(MAX_COUNT);

/**
 * A code as a client may type it, for every route that takes one (the admin's, the cart's):
 * ASCII only, so upper-casing means the same in both stores (`codeKey`).
 */
export const PromotionCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{2,32}$/)
  .describe('Lettres, chiffres, - et _, de 2 à 32 caractères ; unique sans tenir compte de la casse');

const fields = {
  code: PromotionCodeSchema,
  kind: z
    .enum(PROMOTION_KINDS)
    .describe('percent : pourcentage ; fixed : montant en centimes ; free_shipping : livraison offerte'),
  value: z
    .number()
    .int()
    .min(0)
    .max(MAX_CENTS)
    .nullable()
    .describe('percent : 1 à 100 ; fixed : centimes, au moins 1 ; free_shipping : null'),
  min_subtotal_cents: z
    .number()
    .int()
    .min(0)
    .max(MAX_CENTS)
    .describe('Sous-total des articles (avant remise) à partir duquel le code s’applique'),
  starts_at: EpochSeconds.nullable().describe(
    'Début de validité (inclus), secondes epoch ; null : dès maintenant',
  ),
  ends_at: EpochSeconds.nullable().describe('Fin de validité (exclue), secondes epoch ; null : sans fin'),
  max_uses: Count.nullable().describe('Utilisations en tout ; null : sans limite'),
  max_uses_per_customer: Count.nullable().describe('Utilisations par client ; null : sans limite'),
  active: z.boolean(),
};

export const NewPromotionBodySchema = z
  .object({
    ...fields,
    value: fields.value.default(null),
    min_subtotal_cents: fields.min_subtotal_cents.default(0),
    starts_at: fields.starts_at.default(null),
    ends_at: fields.ends_at.default(null),
    max_uses: fields.max_uses.default(null),
    max_uses_per_customer: fields.max_uses_per_customer.default(null),
    active: fields.active.default(true),
  })
  .meta({
    example: {
      code: 'BIENVENUE10',
      kind: 'percent',
      value: 10,
      min_subtotal_cents: 3000,
      starts_at: 1767225600,
      ends_at: 1798761600,
      max_uses: 500,
      max_uses_per_customer: 1,
      active: true,
    },
  });

/** Every field optional: what is absent stays as it is; the result is judged whole (400 if it does not fit). */
export const PromotionPatchBodySchema = z
  .object(fields)
  .partial()
  .meta({ example: { active: false } });

const msOrNull = (seconds: number | null): number | null =>
  seconds === null ? null : Math.round(seconds * 1000);
const secondsOrNull = (ms: number | null): number | null => (ms === null ? null : ms / 1000);
const ifGiven = <T, R>(value: T | undefined, map: (v: T) => R): R | undefined =>
  value === undefined ? undefined : map(value);

export const toNewPromotion = (body: z.infer<typeof NewPromotionBodySchema>): NewPromotion => ({
  code: body.code,
  kind: body.kind,
  value: body.value,
  minSubtotalCents: body.min_subtotal_cents,
  startsAt: msOrNull(body.starts_at),
  endsAt: msOrNull(body.ends_at),
  maxUses: body.max_uses,
  maxUsesPerCustomer: body.max_uses_per_customer,
  active: body.active,
});

export const toPromotionPatch = (body: z.infer<typeof PromotionPatchBodySchema>): PromotionPatch => ({
  code: body.code,
  kind: body.kind,
  value: body.value,
  minSubtotalCents: body.min_subtotal_cents,
  startsAt: ifGiven(body.starts_at, msOrNull),
  endsAt: ifGiven(body.ends_at, msOrNull),
  maxUses: body.max_uses,
  maxUsesPerCustomer: body.max_uses_per_customer,
  active: body.active,
});

export const PromotionResponseSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: z.enum(PROMOTION_KINDS),
    value: z.number().int().nullable(),
    min_subtotal_cents: z.number().int(),
    min_subtotal_euros: z.number(),
    starts_at: z.number().nullable(),
    ends_at: z.number().nullable(),
    max_uses: z.number().int().nullable(),
    max_uses_per_customer: z.number().int().nullable(),
    active: z.boolean(),
    uses: z.number().int().describe('Utilisations prises et non rendues (lecture seule)'),
    created_at: z.number(),
  })
  // One call: a .register() after .meta() would replace its metadata, examples included.
  .register(apiSchemas, {
    id: 'Promotion',
    example: {
      id: '5d0c7e2a-8b1f-4c3d-9e6a-2f4b8c1d0e3f',
      code: 'BIENVENUE10',
      kind: 'percent',
      value: 10,
      min_subtotal_cents: 3000,
      min_subtotal_euros: 30,
      starts_at: 1767225600,
      ends_at: 1798761600,
      max_uses: 500,
      max_uses_per_customer: 1,
      active: true,
      uses: 42,
      created_at: 1767225600,
    },
  });

export type PromotionResponse = z.infer<typeof PromotionResponseSchema>;

export const toPromotionResponse = (p: Promotion): PromotionResponse => ({
  id: p.id,
  code: p.code,
  kind: p.kind,
  value: p.value,
  min_subtotal_cents: p.minSubtotalCents,
  min_subtotal_euros: centsToEuros(p.minSubtotalCents),
  starts_at: secondsOrNull(p.startsAt),
  ends_at: secondsOrNull(p.endsAt),
  max_uses: p.maxUses,
  max_uses_per_customer: p.maxUsesPerCustomer,
  active: p.active,
  uses: p.uses,
  created_at: p.createdAt / 1000,
});

export const PromotionListResponseSchema = z
  .object({ promotions: z.array(PromotionResponseSchema) })
  .register(apiSchemas, { id: 'PromotionList' });

export const toPromotionList = (promotions: Promotion[]) => ({
  promotions: promotions.map(toPromotionResponse),
});
