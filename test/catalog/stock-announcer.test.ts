import { describe, expect, it } from 'vitest';
import type { VersionedProduct } from '../../src/catalog/pg-product.repository.js';
import type { Product } from '../../src/catalog/product.js';
import { StockAnnouncer } from '../../src/catalog/stock-announcer.js';
import { parseChanges } from '../../src/database/change-feed.js';
import type { Queryable } from '../../src/database/db.js';

/** The batching rules without a database; test/database/announcements.test.ts reads the real channel. */
const row = (id: string, version: number, stockQty: number): VersionedProduct => ({
  product: { id, stockQty } as Product,
  seq: 1,
  version,
});

/** What the feed reads back from the payloads of one send. */
const changesIn = (payloads: string[] = []) =>
  payloads.flatMap((payload) => {
    const changes = parseChanges(payload);
    return changes === 'everything' ? [] : changes;
  });

class FakeDb {
  sent: string[][] = [];
  failNext = false;
  readonly db: Queryable = {
    query: async (_text: string, values?: unknown[]) => {
      if (this.failNext) {
        this.failNext = false;
        throw new Error('connection lost');
      }
      this.sent.push((values?.[0] as string[]) ?? []);
      return { rows: [], rowCount: 0, command: 'SELECT', oid: 0, fields: [] };
    },
  };
}

describe('the stock announcer', () => {
  it('sends the latest move of each product once, in a payload the feed reads back', async () => {
    const fake = new FakeDb();
    const announcer = new StockAnnouncer(fake.db);
    announcer.announce([row('a', 2, 8), row('b', 1, 3)]);
    announcer.announce([row('a', 3, 6)]);
    // A move committed earlier but told later is old news.
    announcer.announce([row('a', 1, 9)]);
    await announcer.flush();

    expect(fake.sent).toHaveLength(1);
    expect(changesIn(fake.sent[0])).toEqual([
      { kind: 'product', id: 'a', version: 3, stock: 6 },
      { kind: 'product', id: 'b', version: 1, stock: 3 },
    ]);
    await announcer.flush();
    expect(fake.sent, 'nothing pending, nothing sent').toHaveLength(1);
  });

  it('keeps the moves of a failed send for the next one, unless a newer move replaced them', async () => {
    const fake = new FakeDb();
    const announcer = new StockAnnouncer(fake.db);
    announcer.announce([row('a', 1, 5), row('b', 1, 4)]);
    fake.failNext = true;
    await announcer.flush();
    expect(fake.sent).toEqual([]);

    announcer.announce([row('b', 2, 2)]);
    await announcer.flush();
    expect(changesIn(fake.sent[0])).toEqual([
      { kind: 'product', id: 'a', version: 1, stock: 5 },
      { kind: 'product', id: 'b', version: 2, stock: 2 },
    ]);
  });

  it('reads a payload it did not write as no change at all', () => {
    expect(parseChanges('bnot json')).toEqual([]);
    expect(parseChanges('b{"a":1}')).toEqual([]);
    expect(parseChanges('b[["a","2",3],[1,2,3],"x"]')).toEqual([]);
  });
});
