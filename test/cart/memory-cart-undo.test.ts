import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../src/stores/memory-stores.js';

/**
 * Memory only: in PostgreSQL an add to a cart a unit has taken waits for the unit to end,
 * so the interleaving below cannot happen there.
 */
describe('memory stores: a rolled-back checkout gives the cart back', () => {
  it('adds what was put in the cart meanwhile to the lines it gives back', async () => {
    const stores = createMemoryStores('/tmp/unused-uploads');
    await stores.repos.carts.addWithinLimit('u1', { productId: 'mug', variantId: 'mug' }, 2, 100);
    await stores.repos.carts.addWithinLimit('u1', { productId: 'tea', variantId: 'tea' }, 1, 100);
    const boom = new Error('refused after the take');
    await expect(
      stores.unitOfWork.run(async ({ carts }) => {
        await carts.take('u1');
        // Cart writes outside units are not queued behind them: this add lands mid-unit.
        await stores.repos.carts.addWithinLimit('u1', { productId: 'mug', variantId: 'mug' }, 3, 100);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await stores.repos.carts.get('u1')).toEqual([
      { productId: 'mug', variantId: 'mug', quantity: 5 },
      { productId: 'tea', variantId: 'tea', quantity: 1 },
    ]);
  });
});
