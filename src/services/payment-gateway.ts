import { randomUUID } from 'node:crypto';
import type { Card } from '../domain/payment.js';

export interface ChargeRequest {
  orderId: string;
  amountCents: number;
  card: Card;
}

export type ChargeResult =
  | { approved: true; reference: string }
  | { approved: false; reference: string | null };

export interface RefundRequest {
  chargeReference: string;
  amountCents: number;
}

/** The seam where a real payment provider plugs in. */
export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<{ reference: string }>;
}

/** The contract's mock: declines card numbers ending in 0000, approves the rest. */
export class MockPaymentGateway implements PaymentGateway {
  async charge({ card }: ChargeRequest): Promise<ChargeResult> {
    if (card.number.endsWith('0000')) return { approved: false, reference: null };
    return { approved: true, reference: `mock_ch_${randomUUID()}` };
  }

  async refund(_request: RefundRequest): Promise<{ reference: string }> {
    return { reference: `mock_re_${randomUUID()}` };
  }
}
