import type { FastifyInstance } from 'fastify';
import { Errors } from '../shared/error-catalog.js';
import { withValues } from '../shared/errors.js';

/** Deepest nesting of arrays and objects a JSON body may have; no route needs more than a few. */
const MAX_JSON_DEPTH = 64;

/** The answer to a JSON body nested deeper than MAX_JSON_DEPTH, refused before it is parsed. */
export const JSON_TOO_DEEP = withValues(Errors.jsonTooDeep, { max: MAX_JSON_DEPTH });

/**
 * The deepest nesting of `[`/`{` in a JSON text, counted outside strings, in one loop with
 * no recursion, stopping as soon as `limit` is passed. Malformed text is left for
 * JSON.parse to refuse: this only bounds how deep the parse and every later walk can go.
 */
export function exceedsJsonDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i += 1;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth -= 1;
  }
  return false;
}

/**
 * Fastify's own JSON parser, with three changes: an empty body counts as no body (so
 * `POST /logout` with a JSON content type still works, and a required body gets the
 * 422 "missing" answer), `__proto__`/`constructor` keys are dropped rather than
 * refused, since the contract ignores unknown keys, and a body nested deeper than
 * MAX_JSON_DEPTH is refused with a 422 before JSON.parse sees it (issue 12: 20,000
 * levels overflowed the stack of the recursive walks after the parse, a 500).
 */
export function installJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('remove', 'remove');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim().length === 0) {
      done(null, undefined);
      return;
    }
    if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) {
      done(JSON_TOO_DEEP(), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
