import type { SwaggerOptions, SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_VERSION } from '../shared/api-version.js';
import { Errors } from '../shared/error-catalog.js';
import type { ErrorInfo } from '../shared/errors.js';
import { JSON_TOO_DEEP } from './json-parser.js';
import { NEVER_SHED } from './load-shedding.js';
import { apiSchemas, ErrorResponseSchema, ValidationErrorResponseSchema } from './schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The catalogue entries the route's own handler may answer; the cross-cutting ones are added. */
    errors?: readonly ErrorInfo[];
  }
}

/** Methods whose requests carry a body Fastify parses (and may refuse as too large or of a wrong type). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Responses = Record<string, unknown>;
type DocumentedRoute = Pick<RouteOptions, 'method' | 'url' | 'config'>;

/**
 * The answers any route may give whatever its handler does, so each route declares only
 * its own business errors: the auth guard's 401/403, validation (422: every route reads a
 * query string, where a NUL character is refused), the body parser's 400/413/415/422, the global
 * rate limit (429, on every route when turned on), an unavailable database (503) and our own faults (500).
 */
function crossCuttingErrors(route: DocumentedRoute): ErrorInfo[] {
  const hasBody = [route.method].flat().some((method) => BODY_METHODS.has(method));
  const access = route.config?.access;
  return [
    ...(access === 'user' || access === 'admin'
      ? [Errors.tokenMissing, Errors.tokenMalformed, Errors.tokenInvalid]
      : []),
    ...(access === 'admin' ? [Errors.adminRequired] : []),
    ...(hasBody
      ? [
          Errors.contentLengthInvalid,
          Errors.bodyTooLarge,
          Errors.unsupportedMediaType,
          Errors.jsonInvalid,
          JSON_TOO_DEEP,
        ]
      : []),
    Errors.validationFailed,
    Errors.rateLimited,
    Errors.internalError,
    ...(route.url.startsWith('/api') ? [Errors.storeUnavailable] : []),
    // Load shedding (src/platform/load-shedding.ts) may answer any route but these.
    ...(NEVER_SHED.has(route.url) ? [] : [Errors.overloaded]),
  ];
}

/** Every catalogue entry a route may answer: its own declarations, then the cross-cutting ones. */
export function routeErrors(route: DocumentedRoute): ErrorInfo[] {
  const seen = new Set<string>();
  return [...(route.config?.errors ?? []), ...crossCuttingErrors(route)].filter(
    (entry) => !seen.has(entry.code) && seen.add(entry.code),
  );
}

const jsonContent = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

/** What a 422 carries, said once before its codes. */
const VALIDATION_PREFACE = '`detail` : la liste des champs en cause, `{loc, msg, type}`.';

/**
 * The documented error answers of a route, one per status, each listing the codes and French
 * messages of its entries, read from the catalogue.
 */
function errorResponses(entries: readonly ErrorInfo[]): Responses {
  const byStatus = new Map<number, ErrorInfo[]>();
  for (const entry of entries)
    byStatus.set(entry.statusCode, [...(byStatus.get(entry.statusCode) ?? []), entry]);
  return Object.fromEntries(
    [...byStatus].map(([status, listed]) => {
      const lines = listed.map((entry) => `- \`${entry.code}\` : ${entry.detail}`);
      const validation = status === 422;
      return [
        status,
        {
          description: [...(validation ? [VALIDATION_PREFACE, ''] : []), ...lines].join('\n'),
          ...jsonContent(validation ? ValidationErrorResponseSchema : ErrorResponseSchema),
        },
      ];
    }),
  );
}

/**
 * Completes every documented route as it is registered: the cross-cutting answers
 * (a route's own declarations win), and a check that it has an operationId, so a client
 * generator gets a stable method name for each operation.
 */
export function installRouteDocumentation(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide) return;
    if (!route.schema?.operationId) {
      throw new Error(
        `Route ${[route.method].flat().join(',')} ${route.url} must declare schema.operationId`,
      );
    }
    const own = (route.schema.response ?? {}) as Responses;
    route.schema = {
      ...route.schema,
      // An explicit empty list says "no authentication" (the auth guard sets bearer on the others).
      security: route.schema.security ?? [],
      response: { ...errorResponses(routeErrors(route)), ...own },
    };
  });
}

/** What `/docs` shows for the upload: a form with a file picker for the `file` field. */
const MULTIPART_FILE_BODY = {
  type: 'object',
  required: ['file'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      contentMediaType: 'application/octet-stream',
      description: 'PNG, JPEG, GIF ou WebP',
    },
  },
};

/** Marks an operation whose body may be left out; turned into `requestBody.required: false` below. */
const OPTIONAL_BODY = 'x-optional-body';

const zodTransform = createJsonSchemaTransform({ schemaRegistry: apiSchemas });
const zodTransformObject = createJsonSchemaTransformObject({ schemaRegistry: apiSchemas });

const transform: SwaggerTransform = (input) => {
  const { schema, url } = zodTransform(input);
  const original = input.schema;
  const documented: Record<string, unknown> = { ...schema };
  if (original?.consumes?.includes('multipart/form-data')) documented.body = MULTIPART_FILE_BODY;
  // @fastify/swagger marks every body required; zod knows better.
  if (original?.body instanceof z.ZodType && original.body.safeParse(undefined).success) {
    documented[OPTIONAL_BODY] = true;
  }
  return { schema: documented, url };
};

type Json = { [key: string]: unknown };
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** Every `$ref` under a value, as component names. */
function refsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.add(child.replace('#/components/schemas/', ''));
      else refsIn(child, found);
    }
  }
  return found;
}

const SUCCESS: Record<string, string> = { 200: 'Succès', 201: 'Créé' };

const transformObject: SwaggerTransformObject = (input) => {
  const document = zodTransformObject(input) as Json;
  const paths = (document.paths ?? {}) as Record<string, Record<string, Json>>;
  for (const operation of Object.values(paths).flatMap((item) => Object.values(item))) {
    if (operation[OPTIONAL_BODY] && isObject(operation.requestBody)) operation.requestBody.required = false;
    delete operation[OPTIONAL_BODY];
    // Success answers name their resource through $ref; their description only says what happened.
    for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
      if (response.description === 'Default Response') response.description = SUCCESS[status] ?? 'Succès';
    }
  }
  // Every registered schema is emitted twice (as read and as written); keep only those in use.
  const components = document.components as { schemas?: Record<string, unknown> } | undefined;
  const schemas = components?.schemas ?? {};
  const used = refsIn(paths);
  for (const name of used) refsIn(schemas[name], used);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
  return document;
};

export const swaggerOptions: SwaggerOptions = {
  openapi: {
    // 3.1: JSON Schema 2020-12, where a nullable resource is `anyOf: [{$ref}, {type: null}]`;
    // 3.0's `nullable` beside a `$ref` does not admit null, and generated clients would lie.
    openapi: '3.1.0',
    info: {
      title: 'API E-Commerce',
      version: API_VERSION,
      description:
        'Boutique en ligne : catalogue, panier, commandes, support. Les erreurs répondent ' +
        '`{"detail": "<message en français>"}`, et 422 `{"detail": [{"loc", "msg", "type"}]}`.',
    },
    // Relative: "the server that served this document", so /docs calls the origin it was opened
    // from (http://127.0.0.1:8000 or http://localhost:8000), never a cross-origin one.
    servers: [{ url: '/', description: 'ce serveur' }],
    tags: [
      { name: 'Plateforme', description: 'État du service' },
      { name: 'Authentification', description: 'Comptes, connexion, profil' },
      { name: 'Catalogue', description: 'Produits actifs et leurs images (public)' },
      { name: 'Panier', description: 'Le panier du client connecté' },
      { name: 'Commandes', description: 'Passer, payer, suivre et annuler une commande' },
      { name: 'Support Client', description: 'Fils de discussion avec le support' },
      { name: 'Administration', description: 'Back-office (administrateurs)' },
      { name: 'Livraison', description: 'Modes de livraison proposés (public)' },
    ],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  },
  transform,
  transformObject,
};
