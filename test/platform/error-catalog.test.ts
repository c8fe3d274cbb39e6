import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHttpError } from '../../src/platform/error-mapping.js';
import { FRAMEWORK_ERRORS, frenchClientErrorHandler } from '../../src/platform/framework-errors.js';
import { Errors, FieldMessages } from '../../src/shared/error-catalog.js';
import type { ErrorInfo } from '../../src/shared/errors.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

interface Operation {
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }
  >;
}
const ERROR_BODIES = ['#/components/schemas/Error', '#/components/schemas/ValidationError'];

/** English words zod or Fastify would have used. */
const ENGLISH = /\b(Invalid|expected|received|Too (big|small)|Required|Not Found|is not a valid)\b/;

/**
 * Answers given before a route is known (Node's parser, the router, the not-found handler),
 * or for a status no row names: no operation of /openapi.json can list them.
 */
const OUTSIDE_OPERATIONS = new Set<ErrorInfo>([
  Errors.notFound,
  Errors.urlInvalid,
  Errors.urlTooLong,
  Errors.headersTooLarge,
  Errors.requestTimeout,
  Errors.malformedRequest,
  Errors.clientAborted,
  Errors.badRequest,
  Errors.methodNotAllowed,
  Errors.notAcceptable,
  // issue 25: raised by the checkout and the cart once they use shipping and promotions (lead's part)
  Errors.shippingMethodUnavailable,
  Errors.promoUnknown,
  Errors.promoNotYetValid,
  Errors.promoExpired,
  Errors.promoMinimumNotReached,
  Errors.promoUsedUp,
  Errors.promoAlreadyUsed,
]);

const entries: ErrorInfo[] = Object.values(Errors);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A documented line for the entry: its code, then its message (a placeholder may show filled in). */
const lineOf = (entry: ErrorInfo) =>
  new RegExp(`^- \`${entry.code}\` : ${escapeRegExp(entry.detail).replace(/\\\{\w+\\\}/g, '.+')}$`);

let t: TestApp;
let operations: { key: string; op: Operation }[];
beforeAll(async () => {
  t = await buildTestApp();
  const doc = (await t.app.inject({ url: '/openapi.json' })).json<{
    paths: Record<string, Record<string, Operation>>;
  }>();
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
});
afterAll(() => t.app.close());

describe('the error catalogue', () => {
  it('gives each entry its own code, a client or server status, and a French message', () => {
    const codes = entries.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const entry of entries) {
      expect(entry.code, entry.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.statusCode, entry.code).toBeGreaterThanOrEqual(400);
      expect(entry.statusCode, entry.code).toBeLessThan(600);
      expect(entry.detail.length, entry.code).toBeGreaterThan(0);
      expect(entry.detail, entry.code).not.toMatch(ENGLISH);
    }
    for (const message of Object.values(FieldMessages)) expect(message).not.toMatch(ENGLISH);
  });

  it('fills a message’s placeholders when the error is raised', () => {
    const raised = Errors.checkoutStockInsufficient({ name: 'Écharpe' });
    expect(raised).toMatchObject({
      statusCode: 400,
      code: 'CHECKOUT_STOCK_INSUFFICIENT',
      detail: 'Stock insuffisant pour Écharpe.',
      message: 'Stock insuffisant pour Écharpe.',
      entry: Errors.checkoutStockInsufficient,
    });
    expect(Errors.cartEmpty().detail).toBe(Errors.cartEmpty.detail);
  });

  it('documents every entry on the operations that may answer it, or says why none can', () => {
    const documented = (entry: ErrorInfo) =>
      operations.some(({ op }) =>
        (op.responses[String(entry.statusCode)]?.description ?? '')
          .split('\n')
          .some((line) => lineOf(entry).test(line)),
      );
    const undocumented = entries.filter((entry) => !OUTSIDE_OPERATIONS.has(entry) && !documented(entry));
    expect(undocumented.map((entry) => entry.code)).toEqual([]);
    // An entry said to be unreachable from an operation must really be absent from the document.
    expect([...OUTSIDE_OPERATIONS].filter(documented).map((entry) => entry.code)).toEqual([]);
  });

  it('lists in each documented error answer only catalogue entries of that status', () => {
    for (const { key, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        // `/ready` answers 503 with its own `{status}` body, not an error of the catalogue.
        if (!ERROR_BODIES.includes(response.content?.['application/json']?.schema?.$ref ?? '')) continue;
        const lines = (response.description ?? '').split('\n').filter((line) => line.startsWith('- '));
        expect(lines.length, `${key} ${status}`).toBeGreaterThan(0);
        for (const line of lines) {
          const entry = entries.find((candidate) => lineOf(candidate).test(line));
          expect(entry?.statusCode, `${key} ${status}: ${line}`).toBe(Number(status));
        }
      }
    }
  });
});

describe('the framework error table', () => {
  it('answers each framework code with its entry, in the error handler', () => {
    for (const [code, entry] of Object.entries(FRAMEWORK_ERRORS)) {
      const answer = toHttpError(Object.assign(new Error('English words'), { code, statusCode: 400 }));
      expect(answer.statusCode, code).toBe(entry.statusCode);
      expect(answer.body.code, code).toBe(entry.code);
      const detail = answer.body.detail;
      expect(typeof detail === 'string' ? detail : detail[0]?.msg, code).toBe(entry.detail);
    }
    expect(FRAMEWORK_ERRORS.FST_FIELDS_LIMIT.detail).toBe('Trop de champs dans le formulaire (10 au plus)');
    expect(FRAMEWORK_ERRORS.FST_PARTS_LIMIT.detail).toBe('Trop de parties dans le formulaire (20 au plus)');
  });

  /** What the client-error handler writes on a socket for an error of this code. */
  function written(code: string | undefined): string[] {
    const chunks: string[] = [];
    const socket = {
      destroyed: false,
      writable: true,
      write: (chunk: string) => chunks.push(chunk),
      destroy: () => undefined,
    } as unknown as Socket;
    frenchClientErrorHandler(Object.assign(new Error('Parse Error'), { code }), socket);
    return chunks;
  }

  it('answers the same table’s entries on the socket, before Fastify sees a request', () => {
    const [headersTooLarge] = written('HPE_HEADER_OVERFLOW');
    expect(headersTooLarge).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(
      headersTooLarge?.endsWith(
        JSON.stringify({ detail: Errors.headersTooLarge.detail, code: 'HEADERS_TOO_LARGE' }),
      ),
    ).toBe(true);
    const [timeout] = written('ERR_HTTP_REQUEST_TIMEOUT');
    expect(timeout).toMatch(/^HTTP\/1\.1 408 /);
    const [malformed] = written('HPE_INVALID_METHOD');
    expect(malformed).toMatch(/^HTTP\/1\.1 400 /);
    expect(malformed).toContain('"code":"MALFORMED_REQUEST"');
    // Nobody is left to read an answer on a connection the client closed.
    expect(written('ECONNRESET')).toEqual([]);
    expect(written('EPIPE')).toEqual([]);
  });
});
