import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** Unknown route or method. The original said `Not Found`; this API speaks French everywhere. */
export const NOT_FOUND_DETAIL = 'Ressource introuvable';

/** Errors Node's HTTP parser raises before Fastify sees a request. */
const CLIENT_ERRORS: Record<string, { status: number; detail: string; code: string }> = {
  // An over-long URL is part of the head too: it gets this 431 as well.
  HPE_HEADER_OVERFLOW: {
    status: 431,
    detail: 'En-têtes de requête trop volumineux',
    code: 'HEADERS_TOO_LARGE',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'Délai de requête dépassé', code: 'REQUEST_TIMEOUT' },
};
const MALFORMED = { status: 400, detail: 'Requête HTTP mal formée', code: 'MALFORMED_REQUEST' };

/**
 * Fastify's clientErrorHandler, answering in the API's `{detail}` shape: what Fastify's
 * default does (write a minimal response on the raw socket, then close it), in French.
 */
export function frenchClientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail, code } = (err.code && CLIENT_ERRORS[err.code]) || MALFORMED;
  const body = JSON.stringify({ detail, code });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
