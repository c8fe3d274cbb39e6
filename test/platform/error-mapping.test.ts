import { describe, expect, it } from 'vitest';
import { translated } from '../../src/database/db.js';
import { toHttpError } from '../../src/platform/error-mapping.js';
import { Errors } from '../../src/shared/error-catalog.js';
import { StoreUnavailableError } from '../../src/shared/errors.js';

describe('toHttpError', () => {
  it('maps a domain error to its status, French detail and stable code', () => {
    expect(toHttpError(Errors.productNotFound())).toEqual({
      statusCode: 404,
      body: { detail: 'Produit introuvable', code: 'PRODUCT_NOT_FOUND' },
      headers: {},
      isServerFault: false,
      isClientAbort: false,
    });
  });

  it('adds WWW-Authenticate: Bearer to every 401', () => {
    expect(toHttpError(Errors.tokenMissing()).headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(toHttpError(Errors.adminRequired()).headers).toEqual({});
  });

  it('maps a validation error to 422 with FastAPI locations', () => {
    const err = Object.assign(new Error('bad'), {
      validation: [
        { instancePath: '/items/0/quantity', message: 'Too small', keyword: 'too_small' },
        { instancePath: '', message: 'Required', keyword: 'invalid_type' },
      ],
      validationContext: 'querystring',
    });
    expect(toHttpError(err)).toMatchObject({
      statusCode: 422,
      body: {
        detail: [
          { loc: ['query', 'items', 0, 'quantity'], msg: 'Too small', type: 'too_small' },
          { loc: ['query'], msg: 'Required', type: 'invalid_type' },
        ],
      },
    });
  });

  it.each(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY'])(
    'maps %s to a 422 on the body',
    (code) => {
      expect(toHttpError(Object.assign(new Error('x'), { code, statusCode: 400 }))).toMatchObject({
        statusCode: 422,
        body: { detail: [{ loc: ['body'], type: 'json_invalid' }] },
      });
    },
  );

  it('keeps the status of Fastify client errors with a French detail', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(toHttpError(tooLarge)).toMatchObject({
      statusCode: 413,
      body: { detail: 'Corps de requête trop volumineux' },
    });
    // A plugin's English message is replaced by the French words for its status.
    const limited = Object.assign(new Error('Slow down'), { statusCode: 429 });
    expect(toHttpError(limited)).toMatchObject({
      statusCode: 429,
      body: { detail: 'Trop de requêtes, réessayez plus tard.' },
    });
    const badUrl = Object.assign(new Error("'/%zz' is not a valid url component"), {
      code: 'FST_ERR_BAD_URL',
      statusCode: 400,
    });
    expect(toHttpError(badUrl)).toMatchObject({ statusCode: 400, body: { detail: 'URL invalide' } });
    const other = Object.assign(new Error('Method Not Allowed'), { statusCode: 405 });
    expect(toHttpError(other)).toMatchObject({ statusCode: 405, body: { detail: 'Méthode non autorisée' } });
  });

  it.each([
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    // postgres.js's own words for a connection lost, destroyed, ended or never opened in time.
    ...['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT'].map((code) =>
      Object.assign(new Error(`write ${code} 127.0.0.1:5432`), { code, errno: code }),
    ),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
  ])('the PostgreSQL store turns a lost connection into StoreUnavailableError, mapped to 503 (%s)', (err) => {
    const raised = translated(err);
    expect(raised).toBeInstanceOf(StoreUnavailableError);
    expect(toHttpError(raised)).toMatchObject({
      statusCode: 503,
      body: { detail: 'Service indisponible', code: 'STORE_UNAVAILABLE' },
      isServerFault: true,
    });
  });

  it('keeps SQL errors as they are: a bug is not an outage', () => {
    const sqlError = Object.assign(new Error('invalid input syntax'), { code: '22P02' });
    expect(translated(sqlError)).toBe(sqlError);
    expect(toHttpError(sqlError).statusCode).toBe(500);
  });

  it('takes a client that hung up mid-body for an abort, not an outage', () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    expect(toHttpError(aborted)).toMatchObject({
      isServerFault: false,
      isClientAbort: true,
      statusCode: 400,
    });
  });

  it('hides anything else behind a generic 500 and flags it for the log', () => {
    const result = toHttpError(new TypeError('secret internals at line 42'));
    expect(result).toEqual({
      statusCode: 500,
      body: { detail: 'Erreur interne du serveur', code: 'INTERNAL_ERROR' },
      headers: {},
      isServerFault: true,
      isClientAbort: false,
    });
    expect(toHttpError('a string was thrown').statusCode).toBe(500);
    expect(toHttpError(Object.assign(new Error('db'), { statusCode: 503 })).statusCode).toBe(500);
  });
});
