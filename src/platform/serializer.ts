import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

/**
 * One function per schema object: the shared error schemas are declared on every route
 * (and every test builds a fresh app), so compiling each once keeps start-up fast.
 */
const compiled = new WeakMap<z.ZodType, (data: unknown) => string>();

/**
 * Compiles each route's zod response schema, once at start-up, into a
 * fast-json-stringify function: the schema stays the single source of truth (and an
 * allow-list: undeclared fields are never written), but no zod code runs per
 * response. The handlers' return types are checked against the same schemas by the
 * type provider at compile time.
 */
export const compiledSerializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  let serialize = compiled.get(schema);
  if (!serialize) {
    const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: 'output', target: 'draft-7' });
    serialize = fastJson(jsonSchema as Parameters<typeof fastJson>[0]);
    compiled.set(schema, serialize);
  }
  return serialize;
};
