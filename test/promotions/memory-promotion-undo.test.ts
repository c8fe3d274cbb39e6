import { describe, expect, it } from 'vitest';
import { UndoLog } from '../../src/database/undo-log.js';
import { MemoryPromotionRepository } from '../../src/promotions/memory-promotion.repository.js';
import { promotionFixture } from './fixtures.js';

/** Memory only: in PostgreSQL the unit's transaction rolls these back. */
describe('memory promotions in a unit of work', () => {
  it('a rolled-back unit gives back its claim and takes back its release, keeping claims made meanwhile', async () => {
    const store = new MemoryPromotionRepository();
    const p = promotionFixture({ maxUses: 5, maxUsesPerCustomer: 3 });
    await store.insert(p);
    await store.claim({ promotionId: p.id, userId: 'alice', orderId: 'o1' });
    const log = new UndoLog();
    const unit = store.inUnit(log);
    expect(await unit.claim({ promotionId: p.id, userId: 'alice', orderId: 'o2' })).toEqual({ ok: true });
    expect(await unit.release('o1')).toBe(true);
    // Outside the unit, while it runs: not undone by its rollback.
    await store.claim({ promotionId: p.id, userId: 'bob', orderId: 'o3' });
    await unit.update(p.id, { maxUses: 4 });
    log.rollback();
    expect(await store.findById(p.id)).toMatchObject({ uses: 2, maxUses: 5 });
    expect(await store.customerUses(p.id, 'alice')).toBe(1);
    expect(await store.customerUses(p.id, 'bob')).toBe(1);
    expect(await store.redemptionOf('o1')).toMatchObject({ released: false });
    expect(await store.redemptionOf('o2')).toBeNull();
    // The rolled-back claim left no trace: o2 can claim again.
    expect(await store.claim({ promotionId: p.id, userId: 'alice', orderId: 'o2' })).toEqual({ ok: true });
  });

  it('undoes an insert and a delete', async () => {
    const store = new MemoryPromotionRepository();
    const kept = promotionFixture();
    await store.insert(kept);
    const log = new UndoLog();
    const unit = store.inUnit(log);
    const added = promotionFixture();
    await unit.insert(added);
    await unit.delete(kept.id);
    log.rollback();
    expect(await store.list()).toEqual([kept]);
  });
});
