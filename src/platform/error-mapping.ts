import { Errors } from '../shared/error-catalog.js';
import { AppError, type ErrorInfo, StoreUnavailableError } from '../shared/errors.js';
import { ENTRY_BY_STATUS, frameworkEntry } from './framework-errors.js';

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

const errorCode = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;

const make = (entry: ErrorInfo, detail: HttpError['body']['detail'], code = entry.code): HttpError => ({
  statusCode: entry.statusCode,
  body: { detail, code },
  headers: entry.statusCode === 401 ? { 'WWW-Authenticate': 'Bearer' } : {},
  isServerFault: entry.statusCode >= 500,
  isClientAbort: entry === Errors.clientAborted,
});

/** An entry's answer; every 422 has FastAPI's shape, whether zod or a rule past it refused the input. */
const answer = (entry: ErrorInfo, detail = entry.detail, code = entry.code): HttpError =>
  entry.statusCode === 422
    ? make(entry, [{ loc: ['body'], msg: detail, type: entry.validationType ?? 'value_error' }], code)
    : make(entry, detail, code);

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
  if (err instanceof AppError) return answer(err.entry, err.detail);

  if (typeof err === 'object' && err !== null && 'validation' in err && Array.isArray(err.validation)) {
    const context =
      'validationContext' in err && typeof err.validationContext === 'string'
        ? err.validationContext
        : 'body';
    const issues = err.validation as FastifyValidationIssue[];
    const entry = Errors.validationFailed;
    return make(
      entry,
      issues.map((issue) => ({
        loc: toLoc(context, issue.instancePath),
        msg: issue.message ?? entry.detail,
        type: issue.keyword ?? 'value_error',
      })),
    );
  }

  if (err instanceof StoreUnavailableError) return answer(Errors.storeUnavailable);

  const code = errorCode(err);
  const known = frameworkEntry(code);
  if (known) return answer(known);

  // Other Fastify or plugin errors that already carry a client status (429 from a rate limiter, …).
  if (typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number') {
    const { statusCode } = err;
    if (statusCode >= 400 && statusCode < 500) {
      const entry = ENTRY_BY_STATUS[statusCode] ?? Errors.badRequest;
      return make({ ...entry, statusCode }, entry.detail, code ?? `HTTP_${statusCode}`);
    }
  }
  return answer(Errors.internalError);
}
