import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

/**
 * Compiles each route's zod response schema, once at start-up, into a
 * fast-json-stringify function: the schema stays the single source of truth (and an
 * allow-list: undeclared fields are never written), but no zod code runs per
 * response. The handlers' return types are checked against the same schemas by the
 * type provider at compile time.
 */
export const compiledSerializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: 'output', target: 'draft-7' });
  return fastJson(jsonSchema as Parameters<typeof fastJson>[0]);
};
