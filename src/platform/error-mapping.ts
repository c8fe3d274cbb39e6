import { AppError, InvalidInputError, StoreUnavailableError } from '../shared/errors.js';
import { JsonTooDeepError } from './json-parser.js';

export interface ValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export interface HttpError {
  statusCode: number;
  /** `detail` for people (French), `code` for programs: stable across wording changes. */
  body: { detail: string | ValidationDetail[]; code: string };
  headers: Record<string, string>;
  /** Only our own faults are logged as errors; client mistakes are not. */
  isServerFault: boolean;
  /** The client hung up mid-request: nobody reads the answer, and it is no one's fault worth an alarm. */
  isClientAbort: boolean;
}

interface FastifyValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
}

/** Fastify's names for the parts of a request, renamed to FastAPI's `loc` roots. */
const LOC_ROOT: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

const FASTIFY_CLIENT_ERRORS: Record<string, { statusCode: number; detail: string; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    statusCode: 413,
    detail: 'Corps de requête trop volumineux',
    code: 'BODY_TOO_LARGE',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    statusCode: 415,
    detail: 'Type de contenu non supporté',
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  FST_REQ_FILE_TOO_LARGE: { statusCode: 413, detail: 'Fichier trop volumineux', code: 'FILE_TOO_LARGE' },
  FST_FILES_LIMIT: { statusCode: 413, detail: 'Un seul fichier par envoi', code: 'TOO_MANY_FILES' },
  FST_FIELDS_LIMIT: {
    statusCode: 413,
    detail: 'Trop de champs dans le formulaire (10 au plus)',
    code: 'TOO_MANY_FIELDS',
  },
  FST_PARTS_LIMIT: {
    statusCode: 413,
    detail: 'Trop de parties dans le formulaire (20 au plus)',
    code: 'TOO_MANY_PARTS',
  },
  FST_PROTO_VIOLATION: {
    statusCode: 400,
    detail: 'Nom de champ interdit dans le formulaire',
    code: 'FORBIDDEN_FIELD_NAME',
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    statusCode: 415,
    detail: 'Envoyez le fichier en multipart/form-data',
    code: 'MULTIPART_REQUIRED',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    statusCode: 400,
    detail: 'En-tête Content-Length invalide',
    code: 'CONTENT_LENGTH_INVALID',
  },
  FST_ERR_BAD_URL: { statusCode: 400, detail: 'URL invalide', code: 'URL_INVALID' },
  FST_ERR_MAX_PARAM_LENGTH: { statusCode: 414, detail: 'URL trop longue', code: 'URL_TOO_LONG' },
};

/** French for the other client errors Fastify or a plugin may raise with an English message. */
const FRENCH_BY_STATUS: Record<number, string> = {
  400: 'Requête invalide',
  404: 'Ressource introuvable',
  405: 'Méthode non autorisée',
  406: 'Format de réponse non disponible',
  408: 'Délai de requête dépassé',
  413: 'Corps de requête trop volumineux',
  414: 'URL trop longue',
  415: 'Type de contenu non supporté',
  429: 'Trop de requêtes, réessayez plus tard.',
  431: 'En-têtes de requête trop volumineux',
};

/** What a socket reports when the client closes it before its body arrived. */
const CLIENT_ABORT_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

const MALFORMED_JSON_CODES = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

const errorCode = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;

const make = (
  statusCode: number,
  detail: HttpError['body']['detail'],
  code: string,
  fault: { isServerFault?: boolean; isClientAbort?: boolean } = {},
): HttpError => ({
  statusCode,
  body: { detail, code },
  headers: statusCode === 401 ? { 'WWW-Authenticate': 'Bearer' } : {},
  isServerFault: fault.isServerFault ?? false,
  isClientAbort: fault.isClientAbort ?? false,
});

function toLoc(context: string, instancePath: string | undefined): (string | number)[] {
  const root = LOC_ROOT[context] ?? context;
  const segments = (instancePath ?? '').split('/').filter((segment) => segment.length > 0);
  return [root, ...segments.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment))];
}

/**
 * The one mapping from anything thrown during a request to the contract's HTTP
 * answer. Pure, so it is unit-tested without Fastify.
 */
export function toHttpError(err: unknown): HttpError {
  // Every 422 has FastAPI's shape, whether zod or a rule past it refused the input.
  if (err instanceof InvalidInputError)
    return make(422, [{ loc: ['body'], msg: err.detail, type: 'value_error' }], err.code);
  if (err instanceof AppError) return make(err.statusCode, err.detail, err.code);

  if (typeof err === 'object' && err !== null && 'validation' in err && Array.isArray(err.validation)) {
    const context =
      'validationContext' in err && typeof err.validationContext === 'string'
        ? err.validationContext
        : 'body';
    const issues = err.validation as FastifyValidationIssue[];
    return make(
      422,
      issues.map((issue) => ({
        loc: toLoc(context, issue.instancePath),
        msg: issue.message ?? 'Valeur invalide',
        type: issue.keyword ?? 'value_error',
      })),
      'VALIDATION_FAILED',
    );
  }

  if (err instanceof StoreUnavailableError)
    return make(503, 'Service indisponible', 'STORE_UNAVAILABLE', { isServerFault: true });

  const code = errorCode(err);
  if (code && CLIENT_ABORT_CODES.has(code))
    return make(400, 'Requête interrompue par le client', 'CLIENT_ABORTED', { isClientAbort: true });
  if (code && MALFORMED_JSON_CODES.has(code)) {
    return make(422, [{ loc: ['body'], msg: 'JSON invalide', type: 'json_invalid' }], 'JSON_INVALID');
  }
  if (err instanceof JsonTooDeepError) {
    return make(422, [{ loc: ['body'], msg: err.message, type: 'json_too_deep' }], err.code);
  }
  const known = code ? FASTIFY_CLIENT_ERRORS[code] : undefined;
  if (known) return make(known.statusCode, known.detail, known.code);

  // Other Fastify or plugin errors that already carry a client status (429 from a rate limiter, …).
  if (typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number') {
    const { statusCode } = err;
    if (statusCode >= 400 && statusCode < 500) {
      return make(
        statusCode,
        FRENCH_BY_STATUS[statusCode] ?? 'Requête invalide',
        code ?? `HTTP_${statusCode}`,
      );
    }
  }
  return make(500, 'Erreur interne du serveur', 'INTERNAL_ERROR', { isServerFault: true });
}
