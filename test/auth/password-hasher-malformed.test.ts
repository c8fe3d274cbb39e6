import { describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../src/auth/password-hasher.js';

/** Whatever is stored, verify answers false rather than throwing or accepting. */
describe('ScryptPasswordHasher.verify on damaged hashes', () => {
  const hasher = new ScryptPasswordHasher(2 ** 10);

  it.each([
    ['another scheme', (h: string) => h.replace(/^scrypt/, 'bcrypt')],
    ['no cost', (h: string) => h.replace(/^scrypt\$\d+/, 'scrypt$')],
    ['no block size', (h: string) => h.replace(/^(scrypt\$\d+)\$\d+/, '$1$')],
    ['no parallelism', (h: string) => h.replace(/^(scrypt\$\d+\$\d+)\$\d+/, '$1$')],
    [
      'no salt',
      (h: string) =>
        h
          .split('$')
          .map((part, i) => (i === 4 ? '' : part))
          .join('$'),
    ],
    ['no key', (h: string) => h.split('$').slice(0, 5).join('$').concat('$')],
    ['a key cut short', (h: string) => h.slice(0, -8)],
  ])('refuses a hash with %s', async (_name, damage) => {
    const stored = await hasher.hash('pw-123');
    expect(await hasher.verify('pw-123', stored)).toBe(true);
    expect(await hasher.verify('pw-123', damage(stored))).toBe(false);
  });
});
