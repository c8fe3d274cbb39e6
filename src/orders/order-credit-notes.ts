/** A credit note as its order shows it; the notes themselves are src/legal's. */
export interface OrderCreditNote {
  id: string;
  number: string;
  issuedAt: number;
  totalCents: number;
}

/** Declared here and implemented by the credit-note store of src/legal, a floor above. */
export interface OrderCreditNotes {
  listByOrderId(orderId: string): Promise<OrderCreditNote[]>;
}
