/**
 * Socket errors, PostgreSQL's connection-class and shutdown SQLSTATEs, its own timeouts (the
 * statement rolled back: the request may be retried), and postgres.js's connection codes.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  // The server gave up on the statement itself (statement_timeout, lock_timeout): nothing it did remains.
  '57014',
  '55P03',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
]);

/** True when an error means "the database cannot be reached right now", not a fault of the request or of our code. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  return code !== undefined && UNAVAILABLE_CODES.has(code);
}
