import { describe, expect, it } from 'vitest';
import { UndoLog } from '../../src/database/undo-log.js';
import { MemoryShippingRepository } from '../../src/shipping/memory-shipping.repository.js';
import type { ShippingMethod } from '../../src/shipping/shipping.js';

const method = (id: string, overrides: Partial<ShippingMethod> = {}): ShippingMethod => ({
  id,
  code: id,
  name: id,
  priceCents: 490,
  freeFromCents: null,
  deliveryDays: 2,
  active: true,
  isDefault: false,
  createdAt: 0,
  ...overrides,
});

describe('memory shipping store in a unit of work', () => {
  it('undoes an insert that moved the default, an update and a delete, newest first', async () => {
    const store = new MemoryShippingRepository();
    await store.insert(method('home'));
    await store.insert(method('relay'));
    const before = await store.list();
    const log = new UndoLog();
    const unit = store.inUnit(log);
    await unit.insert(method('express', { isDefault: true }));
    await unit.update('home', { priceCents: 590 });
    await unit.delete('relay');
    expect((await store.list()).map((m) => [m.id, m.isDefault])).toEqual([
      ['home', false],
      ['express', true],
    ]);
    log.rollback();
    expect(await store.list()).toEqual(before);
  });
});
