import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAIM_VERDICT,
  type ClaimVerdictRow,
  claimCtes,
  claimOutcomeOf,
  PROMOTION_CLAIMED,
} from '../../src/promotions/pg-claim-sql.js';
import type { Stores } from '../../src/stores/stores.js';
import {
  adminQuery,
  databaseUrlWithSchema,
  postgresStoresInNewSchema,
  TEST_DATABASE_URL,
} from '../helpers/postgres.js';
import { uid } from '../helpers/uid.js';
import { promotionFixture } from './fixtures.js';

/**
 * PostgreSQL only: the claim spliced into a statement of its own, as the checkout will do
 * it (src/orders/pg-order-placement.ts). A stand-in `placed` table takes the order's writes,
 * which depend on the gate (the stock verdict) and on the claim, so a refused claim writes
 * nothing at all and a closed gate claims nothing.
 */
const SPLICED = `WITH verdict AS (SELECT $4::boolean AS fits),
  ${claimCtes({ promotionId: '$1::text', userId: '$2::text', orderId: '$3::text', gate: '(SELECT fits FROM verdict)' })},
  placed_row AS (
    INSERT INTO placed (order_id) SELECT $3 FROM verdict v
    WHERE v.fits AND ($1::text IS NULL OR ${PROMOTION_CLAIMED}) RETURNING order_id
  )
  SELECT (SELECT count(*) FROM placed_row)::int AS placed, ${CLAIM_VERDICT}`;

describe.skipIf(!TEST_DATABASE_URL)('the claim spliced into a checkout-like statement', () => {
  let stores: Stores;
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const pg = await postgresStoresInNewSchema(TEST_DATABASE_URL ?? '', undefined, {
      pipelineConnections: 4,
    });
    stores = pg.stores;
    drop = async () => {
      await pg.stores.close();
      await pg.drop();
    };
    url = databaseUrlWithSchema(TEST_DATABASE_URL ?? '', pg.schema);
    await adminQuery(url, 'CREATE TABLE placed (order_id text PRIMARY KEY)');
  });
  afterAll(() => drop());

  const place = async (promotionId: string | null, fits: boolean, userId = uid('u'), orderId = uid('o')) => {
    const [row] = await adminQuery<ClaimVerdictRow & { placed: number }>(url, SPLICED, [
      promotionId,
      userId,
      orderId,
      fits,
    ]);
    if (!row) throw new Error('one row');
    return { placed: row.placed === 1, outcome: claimOutcomeOf(row), orderId };
  };
  const usesOf = async (id: string) => (await stores.repos.promotions.findById(id))?.uses;

  it('claims with the order, and neither without the other', async () => {
    const p = promotionFixture({ maxUses: 1 });
    await stores.repos.promotions.insert(p);
    const closed = await place(p.id, false);
    expect(closed.placed).toBe(false);
    expect(await usesOf(p.id)).toBe(0);
    expect(await stores.repos.promotions.redemptionOf(closed.orderId)).toBeNull();

    const first = await place(p.id, true);
    expect(first).toMatchObject({ placed: true, outcome: { ok: true } });
    expect(await stores.repos.promotions.redemptionOf(first.orderId)).toMatchObject({ promotionId: p.id });

    const second = await place(p.id, true);
    expect(second).toMatchObject({ placed: false, outcome: { ok: false, reason: 'USED_UP' } });
    expect(await usesOf(p.id)).toBe(1);
    const [{ count } = { count: -1 }] = await adminQuery<{ count: number }>(
      url,
      'SELECT count(*)::int AS count FROM placed WHERE order_id = $1',
      [second.orderId],
    );
    expect(count).toBe(0);

    expect((await place(null, true)).placed).toBe(true);
  });

  it('20 checkouts at once for a code of 5 uses: 5 orders, each with its use', async () => {
    const p = promotionFixture({ maxUses: 5, maxUsesPerCustomer: 1 });
    await stores.repos.promotions.insert(p);
    const results = await Promise.all(Array.from({ length: 20 }, () => place(p.id, true)));
    expect(results.filter((r) => r.placed)).toHaveLength(5);
    expect(results.every((r) => r.placed === r.outcome.ok)).toBe(true);
    expect(await usesOf(p.id)).toBe(5);
  });
});
