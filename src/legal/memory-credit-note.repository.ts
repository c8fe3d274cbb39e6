import { UndoableStore } from '../database/undo-log.js';
import { type CreditNote, type CreditNoteDraft, formatCreditNoteNumber } from './credit-note.js';
import type { CreditNoteRepository } from './credit-note.repository.js';

export class MemoryCreditNoteRepository extends UndoableStore implements CreditNoteRepository {
  private readonly byId = new Map<string, CreditNote>();
  private readonly idsByOrder = new Map<string, string[]>();
  private readonly lastNumberByYear = new Map<number, number>();

  async issue(id: string, year: number, draft: CreditNoteDraft): Promise<CreditNote> {
    // No await between taking the number and storing the note: nothing can slip in between.
    const sequence = (this.lastNumberByYear.get(year) ?? 0) + 1;
    this.lastNumberByYear.set(year, sequence);
    const note: CreditNote = {
      ...structuredClone(draft),
      id,
      number: formatCreditNoteNumber(year, sequence),
    };
    this.byId.set(id, note);
    const ids = this.idsByOrder.get(draft.orderId) ?? [];
    ids.push(id);
    this.idsByOrder.set(draft.orderId, ids);
    // Units run one at a time, so this number is still the year's last when undone: no gap.
    this.undo.record(() => {
      this.byId.delete(id);
      ids.pop();
      this.lastNumberByYear.set(year, sequence - 1);
    });
    return structuredClone(note);
  }

  async findById(id: string): Promise<CreditNote | null> {
    const note = this.byId.get(id);
    return note ? structuredClone(note) : null;
  }

  async listByOrderId(orderId: string): Promise<CreditNote[]> {
    const ids = this.idsByOrder.get(orderId) ?? [];
    return ids.flatMap((id) => {
      const note = this.byId.get(id);
      return note ? [structuredClone(note)] : [];
    });
  }
}
