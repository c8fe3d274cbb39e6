import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Errors } from '../../src/shared/error-catalog.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { uid } from '../helpers/uid.js';

/** What the app logged, one parsed pino line each. */
const logged: Record<string, unknown>[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) });

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ logger });
});
afterAll(() => t.app.close());

const SALT = Buffer.alloc(16, 1).toString('base64');
const KEY = Buffer.alloc(64, 2).toString('base64');
const PINO_WARN = 40;

describe('login against a malformed password_hash in the store', () => {
  it.each([
    ['a cost that is not a power of two', `scrypt$3$8$1$${SALT}$${KEY}`],
    ['a negative cost', `scrypt$-1$8$1$${SALT}$${KEY}`],
    ['a zero block size', `scrypt$1024$0$1$${SALT}$${KEY}`],
    ['a zero parallelism', `scrypt$1024$8$0$${SALT}$${KEY}`],
    ['a cost that is not a number', `scrypt$abc$8$1$${SALT}$${KEY}`],
    ['garbage', 'not-a-hash'],
  ])('with %s answers 401 like a wrong password and warns naming the user', async (_name, hash) => {
    const email = `${uid('broken')}@example.com`;
    const id = uid('user');
    const inserted = await t.ctx.repos.users.insertIfEmailFree({
      id,
      email,
      passwordHash: hash,
      firstName: 'Ada',
      lastName: 'Hash',
      address: '1 rue du Test',
      isAdmin: false,
      emailVerified: false,
      createdAt: t.clock.now(),
    });
    expect(inserted).toBe(true);
    logged.length = 0;

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'whatever-1' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ detail: Errors.invalidCredentials.detail, code: 'INVALID_CREDENTIALS' });

    const warnings = logged.filter((line) => line.level === PINO_WARN && line.userId === id);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain(hash);
  });
});
