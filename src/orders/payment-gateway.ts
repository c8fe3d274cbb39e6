import { randomUUID } from 'node:crypto';
import type { Card } from './payment.js';

export interface ChargeRequest {
  orderId: string;
  amountCents: number;
  card: Card;
  /** The same key asks about the same charge: a retry learns the first outcome instead of paying twice. */
  idempotencyKey: string;
}

export type ChargeResult =
  | { approved: true; reference: string }
  | { approved: false; reference: string | null };

export interface RefundRequest {
  chargeReference: string;
  amountCents: number;
  /** The same key asks about the same refund: a retry after a crash learns it instead of refunding twice. */
  idempotencyKey: string;
}

/** The seam where a real payment provider plugs in. */
export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<{ reference: string }>;
}

/** How many charge (and refund) outcomes the mock remembers for retries; the oldest are forgotten first. */
const REMEMBERED_CHARGES = 10_000;

/** The contract's mock: declines card numbers ending in 0000, approves the rest. */
export class MockPaymentGateway implements PaymentGateway {
  private readonly charges = new Map<string, ChargeResult>();
  private readonly rememberedRefunds = new Map<string, string>();

  async charge({ card, idempotencyKey }: ChargeRequest): Promise<ChargeResult> {
    const known = this.charges.get(idempotencyKey);
    if (known) return known;
    const result: ChargeResult = card.number.endsWith('0000')
      ? { approved: false, reference: null }
      : { approved: true, reference: `mock_ch_${randomUUID()}` };
    this.charges.set(idempotencyKey, result);
    if (this.charges.size > REMEMBERED_CHARGES)
      this.charges.delete(this.charges.keys().next().value as string);
    return result;
  }

  async refund({ idempotencyKey }: RefundRequest): Promise<{ reference: string }> {
    const known = this.rememberedRefunds.get(idempotencyKey);
    if (known) return { reference: known };
    const reference = `mock_re_${randomUUID()}`;
    this.rememberedRefunds.set(idempotencyKey, reference);
    if (this.rememberedRefunds.size > REMEMBERED_CHARGES)
      this.rememberedRefunds.delete(this.rememberedRefunds.keys().next().value as string);
    return { reference };
  }
}
