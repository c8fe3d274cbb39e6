/** Socket errors, and PostgreSQL's connection-class and shutdown SQLSTATEs. */
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
]);

const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/** True when an error means "the database cannot be reached right now", not a fault of the request or of our code. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  const message = 'message' in err && typeof err.message === 'string' ? err.message : '';
  return UNAVAILABLE_MESSAGES.test(message);
}
