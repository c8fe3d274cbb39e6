import { describe, expect, it } from 'vitest';
import { toHttpError } from '../../src/http/error-mapping.js';
import { Errors } from '../../src/shared/error-catalog.js';

describe('toHttpError', () => {
  it('maps a domain error to its status and French detail', () => {
    expect(toHttpError(Errors.productNotFound())).toMatchObject({
      statusCode: 404,
      body: { detail: 'Produit introuvable' },
      isServerFault: false,
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
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
  ])('maps a database that cannot be reached to 503 Service indisponible (%s)', (err) => {
    expect(toHttpError(err)).toMatchObject({
      statusCode: 503,
      body: { detail: 'Service indisponible' },
      isServerFault: true,
    });
  });

  it('hides anything else behind a generic 500 and flags it for the log', () => {
    const result = toHttpError(new TypeError('secret internals at line 42'));
    expect(result).toEqual({
      statusCode: 500,
      body: { detail: 'Erreur interne du serveur' },
      headers: {},
      isServerFault: true,
    });
    expect(toHttpError('a string was thrown').statusCode).toBe(500);
    expect(toHttpError(Object.assign(new Error('db'), { statusCode: 503 })).statusCode).toBe(500);
  });
});
