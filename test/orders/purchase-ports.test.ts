import { describe, expect, it } from 'vitest';
import { settlementInUnits } from '../../src/orders/charge-settlement.js';
import { placementInUnits } from '../../src/orders/order-placement.js';
import type { PurchaseUnit } from '../../src/orders/purchase-unit.js';
import { StoreUnavailableError } from '../../src/shared/errors.js';

/** A store that is down: every unit fails before its work runs. */
const down: PurchaseUnit = {
  run: async () => {
    throw new StoreUnavailableError('PostgreSQL unavailable: connection refused');
  },
};

describe('the purchase ports in units', () => {
  it('a settlement passes a store failure on, rather than reading it as "no longer payable"', async () => {
    const charge = {
      id: 'pay-1',
      orderId: 'o-1',
      userId: 'u-1',
      kind: 'charge' as const,
      amountCents: 100,
      succeeded: false,
      cardLast4: '0000',
      gatewayReference: null,
      createdAt: 0,
    };
    await expect(settlementInUnits(down).record(charge)).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('a placement passes a store failure on, rather than reading it as a refusal', async () => {
    await expect(
      placementInUnits(down).place({ id: 'o-1', userId: 'u-1', shippingAddress: null, at: 0, mailId: 'm-1' }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
