import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, foldForSearch } from '../../src/catalog/product-query.js';

const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('catalogue cursors', () => {
  it.each([
    [{ sort: 'oldest', key: [7] }],
    [{ sort: 'name', key: ['echarpe', 3] }],
    [{ sort: '-price', key: [1999, 12] }],
  ] as const)('decode what they encode: %j', (position) => {
    const cursor = encodeCursor({ sort: position.sort, key: [...position.key] });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['an object', forge({ sort: 'name', key: ['a', 1] })],
    ['a sort alone', forge(['name'])],
    ['too many key parts', forge(['name', 'a', 1, 2])],
    ['an unknown sort', forge(['cheapest', 1])],
    ['a key part that is an object', forge(['price', { $gt: 0 }, 1])],
    ['a key part that is null', forge(['oldest', null])],
    ['a key part that is a boolean', forge(['oldest', true])],
    ['a text where a rank goes', forge(['oldest', '7'])],
    ['a text where a price goes', forge(['price', 'cheap', 1])],
    ['a negative rank', forge(['oldest', -1])],
    ['a rank that is not an integer', forge(['newest', 1.5])],
    ['a name of 1,001 characters', forge(['name', 'x'.repeat(1001), 1])],
    ['a name holding a NUL', forge(['name', 'a\u0000b', 1])],
    ['a number where a name goes', forge(['name', 12, 1])],
  ])('refuses %s', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });

  it('accepts a name of exactly 1,000 characters, as the longest product name could need', () => {
    const name = 'x'.repeat(1000);
    expect(decodeCursor(forge(['name', name, 4]))).toEqual({ sort: 'name', key: [name, 4] });
  });
});

describe('foldForSearch', () => {
  it('drops accents and case, and keeps everything else', () => {
    expect(foldForSearch('Écharpe Laine Mérinos, 100 % !')).toBe('echarpe laine merinos, 100 % !');
  });
});
