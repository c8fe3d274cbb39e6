import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from '../../src/platform/json-parser.js';
import { findNul } from '../../src/platform/nul-guard.js';

describe('findNul (issue 12: no recursive walk of untrusted input)', () => {
  it('walks a value 200,000 levels deep without overflowing the stack', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 200_000; i += 1) deep = i % 2 ? [deep] : { k: deep };
    const path = findNul(deep);
    expect(path?.split('/').length).toBe(200_001);
    expect(path?.startsWith('/0/k/0/k')).toBe(true);
  });

  it('reports the first NUL in document order, keys included', () => {
    expect(findNul({ a: ['ok', 'b\u0000'], c: 'd\u0000' })).toBe('/a/1');
    expect(findNul({ ok: 1, 'k\u0000': 'v' })).toBe('/k\u0000');
    expect(findNul({ a: [1, null, true, { b: 'x' }] })).toBeNull();
  });
});

describe('exceedsJsonDepth', () => {
  it('counts brackets outside strings only', () => {
    expect(exceedsJsonDepth('[[[]]]', 3)).toBe(false);
    expect(exceedsJsonDepth('[[[[]]]]', 3)).toBe(true);
    expect(exceedsJsonDepth('["[[[[", "\\"[[[["]', 1)).toBe(false);
    expect(exceedsJsonDepth('{"a":{"b":{}}}', 2)).toBe(true);
  });
});
