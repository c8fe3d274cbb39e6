import type { FastifyInstance } from 'fastify';
import { FieldMessages } from '../shared/error-catalog.js';

const MESSAGE = FieldMessages.nulCharacter;

/**
 * The JSON pointer of the first string (value or key) holding U+0000, or null. A loop over
 * an explicit stack, not a recursion, so no body, however deep, can overflow the call stack;
 * children are pushed in reverse so the first NUL in document order is the one reported.
 */
export function findNul(root: unknown, rootPath = ''): string | null {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: rootPath }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path } = item;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push({ value: value[i], path: `${path}/${i}` });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i] as [string, unknown];
        stack.push({ value: child, path: `${path}/${key}` });
        stack.push({ value: key, path: `${path}/${key}` });
      }
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
