import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock.js';
import { TtlCache } from '../../src/shared/ttl-cache.js';

/** A read that counts its calls and answers what `rows` holds when it runs. */
function table(rows: Map<string, string>) {
  const reads: string[][] = [];
  return {
    reads,
    one: (key: string) => async () => {
      reads.push([key]);
      return rows.get(key) ?? null;
    },
    many: async (keys: string[]) => {
      reads.push(keys);
      return new Map(keys.flatMap((key) => (rows.has(key) ? [[key, rows.get(key) as string] as const] : [])));
    },
  };
}

/** A read held until the test lets it go, answering `value`. */
function held(value: string) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const read = async () => {
    await gate;
    return value;
  };
  return { read, release };
}

describe('TtlCache', () => {
  it('answers from memory until the TTL has passed since the read began, then reads again', async () => {
    const clock = new ManualClock();
    const rows = new Map([['a', 'v1']]);
    const t = table(rows);
    const cache = new TtlCache<string>(500, 10, clock);
    expect(await cache.through('a', t.one('a'))).toBe('v1');
    rows.set('a', 'v2');
    clock.advance(499);
    expect(await cache.through('a', t.one('a')), 'still within the TTL').toBe('v1');
    clock.advance(1);
    expect(await cache.through('a', t.one('a')), 'the TTL has passed').toBe('v2');
    expect(t.reads).toEqual([['a'], ['a']]);
  });

  it('counts the TTL from the start of a read, so a slow read cannot stretch it', async () => {
    const clock = new ManualClock();
    const cache = new TtlCache<string>(500, 10, clock);
    const slow = held('v1');
    const reading = cache.through('a', slow.read);
    clock.advance(300);
    slow.release();
    await reading;
    clock.advance(200);
    expect(await cache.through('a', async () => 'v2')).toBe('v2');

    const slower = held('v3');
    const late = cache.through('b', slower.read);
    clock.advance(600);
    slower.release();
    expect(await late).toBe('v3');
    expect(await cache.through('b', async () => 'v4'), 'a read longer than the TTL is not kept').toBe('v4');
  });

  it('never keeps an absence', async () => {
    const cache = new TtlCache<string>(500, 10, new ManualClock());
    const t = table(new Map());
    expect(await cache.through('a', t.one('a'))).toBeNull();
    expect(await cache.through('a', t.one('a'))).toBeNull();
    expect(t.reads).toHaveLength(2);
  });

  it('keeps nothing with a TTL of 0', async () => {
    const cache = new TtlCache<string>(0, 10, new ManualClock());
    const t = table(new Map([['a', 'v']]));
    await cache.through('a', t.one('a'));
    await cache.through('a', t.one('a'));
    expect(t.reads).toHaveLength(2);
  });

  it('forgets on clear and delete, and does not keep a read that was in flight across either', async () => {
    const clock = new ManualClock();
    const rows = new Map([
      ['a', 'v1'],
      ['b', 'w1'],
    ]);
    const t = table(rows);
    const cache = new TtlCache<string>(500, 10, clock);
    await cache.through('a', t.one('a'));
    await cache.through('b', t.one('b'));
    rows.set('a', 'v2');
    rows.set('b', 'w2');
    cache.delete('a');
    expect(await cache.through('a', t.one('a'))).toBe('v2');
    expect(await cache.through('b', t.one('b')), 'delete forgets that key only').toBe('w1');
    cache.clear();
    expect(await cache.through('b', t.one('b'))).toBe('w2');

    for (const forget of [() => cache.clear(), () => cache.delete('c')]) {
      const inFlight = held('before the write');
      const reading = cache.through('c', inFlight.read);
      forget();
      inFlight.release();
      expect(await reading).toBe('before the write');
      expect(await cache.through('c', async () => 'after the write')).toBe('after the write');
      cache.clear();
    }
  });

  it('drops the oldest entry past its size', async () => {
    const cache = new TtlCache<string>(500, 2, new ManualClock());
    const t = table(
      new Map([
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ]),
    );
    for (const key of ['a', 'b', 'c']) await cache.through(key, t.one(key));
    t.reads.length = 0;
    for (const key of ['b', 'c', 'a']) await cache.through(key, t.one(key));
    expect(t.reads, 'b and c still held, a dropped').toEqual([['a']]);
  });

  it('reads in one call only the keys it does not hold, and keeps those it got', async () => {
    const clock = new ManualClock();
    const rows = new Map([
      ['a', '1'],
      ['b', '2'],
    ]);
    const t = table(rows);
    const cache = new TtlCache<string>(500, 10, clock);
    await cache.through('a', t.one('a'));
    const found = await cache.throughMany(['a', 'b', 'gone'], t.many);
    expect([...found]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(await cache.throughMany(['a', 'b'], t.many)).toEqual(found);
    expect(t.reads).toEqual([['a'], ['b', 'gone']]);
    clock.advance(500);
    await cache.throughMany(['a', 'b'], t.many);
    expect(t.reads.at(-1)).toEqual(['a', 'b']);

    const inFlight = cache.throughMany(['x'], async () => new Map([['x', 'old']]));
    cache.clear();
    await inFlight;
    expect(await cache.through('x', async () => 'new')).toBe('new');
  });
});
