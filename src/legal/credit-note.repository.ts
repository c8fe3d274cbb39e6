import type { CreditNote, CreditNoteDraft } from './credit-note.js';

export interface CreditNoteRepository {
  /**
   * Takes the year's next `AV-` number and stores the credit note in one step, so numbers are
   * gapless and never shared, whatever the interleaving; inside a unit, undone with it.
   */
  issue(id: string, year: number, draft: CreditNoteDraft): Promise<CreditNote>;
  findById(id: string): Promise<CreditNote | null>;
  /** The order's credit notes, oldest first. */
  listByOrderId(orderId: string): Promise<CreditNote[]>;
}
