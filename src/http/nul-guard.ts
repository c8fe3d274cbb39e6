import type { FastifyInstance } from 'fastify';

const MESSAGE = 'Le caractère NUL (U+0000) n’est pas accepté';

/** The JSON pointer of the first string holding U+0000, or null. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findNul(value[i], `${path}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = findNul(key, `${path}/${key}`) ?? findNul(child, `${path}/${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Refuses U+0000 anywhere in a request's body, query or path with a 422. JSON allows
 * it, but PostgreSQL text cannot store it, and no field of this API has a use for it;
 * refusing it at the edge keeps both stores answering the same way.
 */
export function rejectNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [context, value] of [
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const path = findNul(value, '');
      if (path !== null) {
        throw Object.assign(new Error(MESSAGE), {
          validation: [{ instancePath: path, message: MESSAGE, keyword: 'nul_character' }],
          validationContext: context,
        });
      }
    }
  });
}
