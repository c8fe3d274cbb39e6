import type { RefundOutcome } from './order.repository.js';
import type { UnitStores } from './purchase-unit.js';

/** A refund as its unit recorded it: what the floor above needs to issue its credit note. */
export type RecordedRefund = Extract<RefundOutcome, { ok: true }> & { at: number };

/**
 * The unit of work a refund is recorded in. Orders declares it and the legal domain above
 * implements it (src/legal/credit-note-unit.ts): once `work` recorded the refund, the same
 * unit issues its credit note, so the refund and its credit note commit together or not at all.
 */
/** What a refund writes: the order, the stock given back, the ledger, the customer's mail, the key's answer. */
export type RefundStores = Pick<
  UnitStores,
  'orders' | 'products' | 'payments' | 'users' | 'outbox' | 'idempotency'
>;

export interface RefundUnit {
  /** `last` runs after the credit note is issued: the unit's last write (a keyed request's sealed answer). */
  run(
    orderId: string,
    work: (stores: RefundStores) => Promise<RecordedRefund>,
    last?: (stores: RefundStores, refund: RecordedRefund) => Promise<void>,
  ): Promise<RecordedRefund>;
}
