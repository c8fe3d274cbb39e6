export const DOCUMENT_KINDS = ['invoice', 'credit_note'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A document's PDF as first rendered: these bytes are what every later download sends. */
export interface StoredPdf {
  /** The invoice's or the credit note's id. */
  documentId: string;
  kind: DocumentKind;
  bytes: Buffer;
  /** Hex SHA-256 of `bytes`, kept with them: an altered file no longer matches it. */
  sha256: string;
  /** The document the bytes were rendered from. */
  document: Readonly<Record<string, unknown>>;
  renderedAt: number;
}

export interface LegalPdfRepository {
  /**
   * Stores `pdf` unless its document already has one, and returns the one stored: two first
   * downloads racing each render, and both send the bytes of whichever was kept. Never replaces.
   */
  keep(pdf: StoredPdf): Promise<StoredPdf>;
  find(documentId: string): Promise<StoredPdf | null>;
}
