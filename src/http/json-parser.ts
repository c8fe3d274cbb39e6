import type { FastifyInstance } from 'fastify';

/**
 * Fastify's own JSON parser, with two changes: an empty body counts as no body (so
 * `POST /logout` with a JSON content type still works, and a required body gets the
 * 422 "missing" answer), and `__proto__`/`constructor` keys are dropped rather than
 * refused, since the contract ignores unknown keys.
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
    parseJson(request, text, done);
  });
}
