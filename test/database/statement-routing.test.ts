import { describe, expect, it } from 'vitest';
import { isPlainRead } from '../../src/database/statement-routing.js';

/** Which statements stay pipelined: only those that can never wait on a row lock. */
describe('isPlainRead', () => {
  it.each([
    'SELECT * FROM orders WHERE id = $1',
    '  select count(*)::int AS n FROM products',
    "SELECT id FROM orders WHERE status = 'UPDATED'",
  ])('keeps a plain read pipelined: %s', (text) => {
    expect(isPlainRead(text)).toBe(true);
  });

  it.each([
    'INSERT INTO carts VALUES ($1)',
    'UPDATE orders SET status = $2 WHERE id = $1',
    'DELETE FROM sessions WHERE token_hash = $1',
    'WITH cart AS (SELECT 1) SELECT 1',
    'SELECT 1 FROM products WHERE id = $1 FOR UPDATE',
    'SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED',
    'SELECT pg_advisory_xact_lock(1, 2)',
    "SELECT nextval('s')",
  ])('sends anything else to a connection of its own: %s', (text) => {
    expect(isPlainRead(text)).toBe(false);
  });
});
