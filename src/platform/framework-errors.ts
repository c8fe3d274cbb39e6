import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Errors } from '../shared/error-catalog.js';
import { type ErrorEntry, withValues } from '../shared/errors.js';
import { MULTIPART_LIMITS } from './multipart.js';

/**
 * The error codes of Fastify, its plugins and Node that a client can cause, each with the
 * catalogue entry it is answered with. The one table: the error handler (toHttpError) and
 * the client-error handler below both read it.
 */
export const FRAMEWORK_ERRORS = {
  // Request validation (zod, through the type provider): a 422 listing the issues.
  FST_ERR_VALIDATION: Errors.validationFailed,
  FST_ERR_CTP_INVALID_JSON_BODY: Errors.jsonInvalid,
  FST_ERR_CTP_EMPTY_JSON_BODY: Errors.jsonInvalid,
  FST_ERR_CTP_BODY_TOO_LARGE: Errors.bodyTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: Errors.unsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: Errors.contentLengthInvalid,
  FST_ERR_BAD_URL: Errors.urlInvalid,
  FST_ERR_MAX_PARAM_LENGTH: Errors.urlTooLong,

  // @fastify/multipart, with the limits the upload route sets.
  FST_REQ_FILE_TOO_LARGE: Errors.fileTooLarge,
  FST_FILES_LIMIT: Errors.tooManyFiles,
  FST_FIELDS_LIMIT: withValues(Errors.tooManyFields, { max: MULTIPART_LIMITS.fields }),
  FST_PARTS_LIMIT: withValues(Errors.tooManyParts, { max: MULTIPART_LIMITS.parts }),
  FST_PROTO_VIOLATION: Errors.forbiddenFieldName,
  FST_INVALID_MULTIPART_CONTENT_TYPE: Errors.multipartRequired,

  // Node's HTTP parser, before Fastify sees a request. An over-long URL is part of the head too.
  HPE_HEADER_OVERFLOW: Errors.headersTooLarge,
  ERR_HTTP_REQUEST_TIMEOUT: Errors.requestTimeout,

  // What a socket reports when the client closes it before its body arrived.
  ECONNRESET: Errors.clientAborted,
  ECONNABORTED: Errors.clientAborted,
  EPIPE: Errors.clientAborted,
  ERR_STREAM_PREMATURE_CLOSE: Errors.clientAborted,
} as const satisfies Record<string, ErrorEntry>;

/** What the upload route may answer from the multipart parser. */
export const MULTIPART_ERRORS = [
  FRAMEWORK_ERRORS.FST_REQ_FILE_TOO_LARGE,
  FRAMEWORK_ERRORS.FST_FILES_LIMIT,
  FRAMEWORK_ERRORS.FST_FIELDS_LIMIT,
  FRAMEWORK_ERRORS.FST_PARTS_LIMIT,
  FRAMEWORK_ERRORS.FST_PROTO_VIOLATION,
  FRAMEWORK_ERRORS.FST_INVALID_MULTIPART_CONTENT_TYPE,
];

const BY_CODE = new Map<string, ErrorEntry>(Object.entries(FRAMEWORK_ERRORS));

/** The entry for an error's `code`, if the table has a row for it. */
export const frameworkEntry = (code: string | undefined): ErrorEntry | undefined =>
  code === undefined ? undefined : BY_CODE.get(code);

/**
 * For a client error no row names (a plugin's 4xx with an English message): the French
 * of its status. It keeps its own code, so a log or a client can still tell which it was.
 */
export const ENTRY_BY_STATUS: Readonly<Record<number, ErrorEntry>> = {
  400: Errors.badRequest,
  404: Errors.notFound,
  405: Errors.methodNotAllowed,
  406: Errors.notAcceptable,
  408: Errors.requestTimeout,
  413: Errors.bodyTooLarge,
  414: Errors.urlTooLong,
  415: Errors.unsupportedMediaType,
  429: Errors.rateLimited,
  431: Errors.headersTooLarge,
};

/**
 * Fastify's clientErrorHandler, answering in the API's `{detail}` shape: what Fastify's
 * default does (write a minimal response on the raw socket, then close it), in French.
 */
export function frenchClientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const entry = frameworkEntry(err.code) ?? Errors.malformedRequest;
  const { statusCode, code } = entry;
  const body = JSON.stringify({ detail: entry.detail, code });
  if (socket.writable && entry !== Errors.clientAborted) {
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
