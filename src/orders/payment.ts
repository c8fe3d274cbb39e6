/** One attempt to charge or refund, kept whether it succeeded or not. */
export interface PaymentRecord {
  id: string;
  orderId: string;
  userId: string;
  kind: 'charge' | 'refund';
  amountCents: number;
  succeeded: boolean;
  /** Only the last four digits are ever stored. */
  cardLast4: string | null;
  gatewayReference: string | null;
  createdAt: number;
}

export interface Card {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export function isExpired(card: Pick<Card, 'expMonth' | 'expYear'>, nowMs: number): boolean {
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return card.expYear < year || (card.expYear === year && card.expMonth < month);
}
