import { describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../src/auth/password-hasher.js';

describe('ScryptPasswordHasher', () => {
  const hasher = new ScryptPasswordHasher();

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('correct horse');
    expect(await hasher.verify('correct horse', stored)).toBe(true);
    expect(await hasher.verify('correct horsf', stored)).toBe(false);
  });

  it('salts: the same password hashes differently, and never appears in the hash', async () => {
    const [one, two] = await Promise.all([hasher.hash('same'), hasher.hash('same')]);
    expect(one).not.toBe(two);
    expect(one).not.toContain('same');
    expect(one.startsWith('scrypt$32768$8$1$')).toBe(true);
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await hasher.verify('x', 'garbage')).toBe(false);
  });

  it('still verifies hashes made with another cost', async () => {
    const cheap = await new ScryptPasswordHasher(2 ** 10).hash('pw');
    expect(await hasher.verify('pw', cheap)).toBe(true);
  });

  it('hashes and verifies at the smallest cost scrypt accepts (N = 2), where the memory headroom matters', async () => {
    const tiny = new ScryptPasswordHasher(2);
    const stored = await tiny.hash('pw');
    expect(stored.startsWith('scrypt$2$8$1$')).toBe(true);
    expect(await tiny.verify('pw', stored)).toBe(true);
    expect(await hasher.verify('pw', stored)).toBe(true);
    expect(await hasher.verify('pX', stored)).toBe(false);
  });
});

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
    ['a cost that is not a power of two', (h: string) => h.replace(/^scrypt\$\d+/, 'scrypt$3')],
    ['a negative cost', (h: string) => h.replace(/^scrypt\$\d+/, 'scrypt$-1')],
    ['a cost of 2^40 (gigabytes of memory)', (h: string) => h.replace(/^scrypt\$\d+/, `scrypt$${2 ** 40}`)],
    ['a cost too large for its block size', (h: string) => h.replace(/^scrypt\$\d+\$\d+/, 'scrypt$65536$1')],
    ['a zero block size', (h: string) => h.replace(/^(scrypt\$\d+)\$\d+/, '$1$0')],
    ['a zero parallelism', (h: string) => h.replace(/^(scrypt\$\d+\$\d+)\$\d+/, '$1$0')],
    ['a seventh field', (h: string) => `${h}$extra`],
  ])('refuses a hash with %s, and calls it malformed', async (_name, damage) => {
    const stored = await hasher.hash('pw-123');
    expect(await hasher.verify('pw-123', stored)).toBe(true);
    expect(hasher.isWellFormed(stored)).toBe(true);
    expect(await hasher.verify('pw-123', damage(stored))).toBe(false);
    expect(hasher.isWellFormed(damage(stored))).toBe(false);
  });
});
