import { z } from 'zod';
import { apiSchemas, MAX, trimmed } from '../platform/schemas.js';
import { centsToEuros } from '../shared/money.js';
import type { ShippingMethod, ShippingPatch } from './shipping.js';
import type { NewShippingMethod } from './shipping.service.js';

/** The bound of every amount at the edge (as a product's price): sums stay exact. */
const MAX_CENTS = 100_000_000;
const Cents = z.number().int().min(0).max(MAX_CENTS);

const fields = {
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/)
    .describe('Code stable et unique : minuscules, chiffres, - et _, 40 caractères maximum'),
  name: trimmed(1, MAX.name),
  price_cents: Cents.describe('Prix TTC en centimes'),
  free_from_cents: Cents.nullable().describe(
    'Offert dès que les articles, remise déduite, atteignent ce montant ; null : jamais offert',
  ),
  delivery_days: z.number().int().min(0).max(365).describe('Délai de livraison annoncé, en jours'),
  active: z.boolean(),
  is_default: z
    .boolean()
    .describe(
      'Le mode appliqué quand la commande n’en choisit pas ; le donner à un mode le retire à l’autre',
    ),
};

export const NewShippingMethodBodySchema = z
  .object({
    ...fields,
    free_from_cents: fields.free_from_cents.default(null),
    active: fields.active.default(true),
    is_default: fields.is_default.default(false),
  })
  .meta({
    example: {
      code: 'chronopost',
      name: 'Chronopost express',
      price_cents: 1290,
      free_from_cents: null,
      delivery_days: 1,
      active: true,
      is_default: false,
    },
  });

/** Every field optional: what is absent stays as it is. */
export const ShippingMethodPatchBodySchema = z
  .object(fields)
  .partial()
  .meta({ example: { price_cents: 590, free_from_cents: 6000 } });

export const toNewShippingMethod = (
  body: z.infer<typeof NewShippingMethodBodySchema>,
): NewShippingMethod => ({
  code: body.code,
  name: body.name,
  priceCents: body.price_cents,
  freeFromCents: body.free_from_cents,
  deliveryDays: body.delivery_days,
  active: body.active,
  isDefault: body.is_default,
});

export const toShippingPatch = (body: z.infer<typeof ShippingMethodPatchBodySchema>): ShippingPatch => ({
  code: body.code,
  name: body.name,
  priceCents: body.price_cents,
  freeFromCents: body.free_from_cents,
  deliveryDays: body.delivery_days,
  active: body.active,
  isDefault: body.is_default,
});

export const ShippingMethodResponseSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    price_cents: z.number().int(),
    price_euros: z.number(),
    free_from_cents: z.number().int().nullable(),
    free_from_euros: z.number().nullable(),
    delivery_days: z.number().int(),
    active: z.boolean(),
    is_default: z.boolean(),
  })
  // One call: a .register() after .meta() would replace its metadata, examples included.
  .register(apiSchemas, {
    id: 'ShippingMethod',
    example: {
      id: '0b6f3a8e-2f7c-4d3e-9a51-6c1d2e3f4a5b',
      code: 'colissimo',
      name: 'Colissimo domicile',
      price_cents: 490,
      price_euros: 4.9,
      free_from_cents: 5000,
      free_from_euros: 50,
      delivery_days: 2,
      active: true,
      is_default: true,
    },
  });

export type ShippingMethodResponse = z.infer<typeof ShippingMethodResponseSchema>;

export const toShippingMethodResponse = (method: ShippingMethod): ShippingMethodResponse => ({
  id: method.id,
  code: method.code,
  name: method.name,
  price_cents: method.priceCents,
  price_euros: centsToEuros(method.priceCents),
  free_from_cents: method.freeFromCents,
  free_from_euros: method.freeFromCents === null ? null : centsToEuros(method.freeFromCents),
  delivery_days: method.deliveryDays,
  active: method.active,
  is_default: method.isDefault,
});

export const ShippingMethodListResponseSchema = z
  .object({ methods: z.array(ShippingMethodResponseSchema) })
  .register(apiSchemas, { id: 'ShippingMethodList' });

export const toShippingMethodList = (methods: ShippingMethod[]) => ({
  methods: methods.map(toShippingMethodResponse),
});
