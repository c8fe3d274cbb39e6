import type { Promotion } from '../../src/promotions/promotion.js';
import { T0 } from '../helpers/store-backends.js';
import { uid } from '../helpers/uid.js';

/** A valid promotion with a fresh id and code (letters and digits only, as the edge allows). */
export const promotionFixture = (overrides: Partial<Promotion> = {}): Promotion => {
  const id = uid('promo');
  return {
    id,
    code: `C${id.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 32),
    kind: 'percent',
    value: 10,
    minSubtotalCents: 0,
    startsAt: null,
    endsAt: null,
    maxUses: null,
    maxUsesPerCustomer: null,
    active: true,
    uses: 0,
    createdAt: T0,
    ...overrides,
  };
};
