import type { LegalPdfRepository, StoredPdf } from './legal-pdf.repository.js';

const copy = (pdf: StoredPdf): StoredPdf => ({
  ...structuredClone({ ...pdf, bytes: undefined }),
  bytes: Buffer.from(pdf.bytes),
});

export class MemoryLegalPdfRepository implements LegalPdfRepository {
  private readonly byDocument = new Map<string, StoredPdf>();

  async keep(pdf: StoredPdf): Promise<StoredPdf> {
    const kept = this.byDocument.get(pdf.documentId);
    if (kept) return copy(kept);
    this.byDocument.set(pdf.documentId, copy(pdf));
    return copy(pdf);
  }

  async find(documentId: string): Promise<StoredPdf | null> {
    const kept = this.byDocument.get(documentId);
    return kept ? copy(kept) : null;
  }
}
