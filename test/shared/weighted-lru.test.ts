import { describe, expect, it } from 'vitest';
import { WeightedLru } from '../../src/shared/weighted-lru.js';

describe('WeightedLru', () => {
  it('keeps the sum of the weights within the capacity, evicting the least recently used first', () => {
    const lru = new WeightedLru<string>(10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    expect(lru.get('a')).toBe('A'); // a is now the most recently used
    lru.set('c', 'C', 4);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.weight).toBe(8);
  });

  it('never keeps an entry heavier than the capacity, and drops what it replaced', () => {
    const lru = new WeightedLru<string>(10);
    lru.set('a', 'A', 3);
    lru.set('a', 'A2', 11);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.weight).toBe(0);
  });

  it('counts a replaced entry once', () => {
    const lru = new WeightedLru<string>(10);
    lru.set('a', 'A', 6);
    lru.set('a', 'A2', 7);
    expect(lru.weight).toBe(7);
    expect(lru.size).toBe(1);
  });
});
