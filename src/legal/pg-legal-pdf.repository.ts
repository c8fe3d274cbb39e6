import { type Queryable, toDate, toMs } from '../database/db.js';
import type { DocumentKind, LegalPdfRepository, StoredPdf } from './legal-pdf.repository.js';

interface PdfRow {
  document_id: string;
  kind: DocumentKind;
  pdf: Buffer;
  sha256: string;
  document: Record<string, unknown>;
  rendered_at: Date;
}

const toPdf = (row: PdfRow): StoredPdf => ({
  documentId: row.document_id,
  kind: row.kind,
  bytes: row.pdf,
  sha256: row.sha256,
  document: row.document,
  renderedAt: toMs(row.rendered_at),
});

export class PgLegalPdfRepository implements LegalPdfRepository {
  constructor(private readonly db: Queryable) {}

  async keep(pdf: StoredPdf): Promise<StoredPdf> {
    // The insert that loses a race waits for the winner's commit and returns nothing; the
    // winner's row is then read by a statement of its own, whose snapshot sees it.
    const { rows } = await this.db.query<PdfRow>(
      `INSERT INTO legal_pdfs (document_id, kind, pdf, sha256, document, rendered_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (document_id) DO NOTHING
       RETURNING *`,
      [pdf.documentId, pdf.kind, pdf.bytes, pdf.sha256, JSON.stringify(pdf.document), toDate(pdf.renderedAt)],
    );
    if (rows[0]) return toPdf(rows[0]);
    const winner = await this.find(pdf.documentId);
    if (!winner) throw new Error(`PDF of ${pdf.documentId} neither stored nor found`);
    return winner;
  }

  async find(documentId: string): Promise<StoredPdf | null> {
    const { rows } = await this.db.query<PdfRow>('SELECT * FROM legal_pdfs WHERE document_id = $1', [
      documentId,
    ]);
    return rows[0] ? toPdf(rows[0]) : null;
  }
}
