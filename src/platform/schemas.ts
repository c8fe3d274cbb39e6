import { z } from 'zod';

/**
 * zod's global registry, under the name of its job here: a resource registered with an
 * `id` (`Product`, `Order`, …) becomes a `components.schemas` entry of /openapi.json,
 * referenced by `$ref`; descriptions and examples set with `.describe()`/`.meta()` live
 * there too.
 */
export const apiSchemas = z.globalRegistry;

/** docs/http-api.md, "Conventions": every string has a maximum length, so no request causes unbounded work. */
export const MAX = { name: 200, address: 500, text: 5000, password: 128, email: 254, id: 64 } as const;

export const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

/** Ids are UUIDs we issue, but an unknown or odd id is a 404 (the contract's message), not a 422. */
export const IdSchema = z.string().min(1).max(MAX.id);

/** Query strings carry text: numbers and booleans are parsed from it, strictly (`?limit=20`, `?closed=true`). */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const QueryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** The admin lists' simple paging (docs/http-api.md, Administration). */
const ADMIN_PAGE_MAX = 500;
export const AdminPageQuerySchema = z.object({
  limit: QueryInt(1, ADMIN_PAGE_MAX)
    .default(ADMIN_PAGE_MAX)
    .describe(`Taille de page, 1 à ${ADMIN_PAGE_MAX} (défaut ${ADMIN_PAGE_MAX})`),
  offset: QueryInt(0, 1_000_000_000)
    .default(0)
    .describe('Éléments à sauter, dans l’ordre (les plus anciens d’abord)'),
});

export const IdParamsSchema = z.object({ id: IdSchema.describe('Identifiant (UUID) de la ressource') });

export const MessageResponseSchema = z
  .object({ message: z.string() })
  .register(apiSchemas, { id: 'Message' });

export const ErrorResponseSchema = z
  .object({
    detail: z.string().describe('Message en français, à montrer tel quel'),
    code: z.string().optional().describe('Code stable pour les programmes (ORDER_NOT_FOUND…)'),
  })
  .register(apiSchemas, { id: 'Error' });

export const ValidationErrorResponseSchema = z
  .object({
    detail: z.array(
      z.object({
        loc: z
          .array(z.union([z.string(), z.number().int()]))
          .describe('Où : body, query, path ou header, puis le chemin du champ'),
        msg: z.string(),
        type: z.string(),
      }),
    ),
    code: z.string().optional().describe('Code stable pour les programmes (VALIDATION_FAILED…)'),
  })
  .register(apiSchemas, { id: 'ValidationError' });
