import { createHash } from 'node:crypto';
import type { Invoice } from '../orders/invoice.js';
import type { InvoiceRepository } from '../orders/invoice.repository.js';
import type { OrderReader } from '../orders/order.repository.js';
import { loadAccessibleOrder } from '../orders/order-access.js';
import type { Actor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { CreditNote } from './credit-note.js';
import type { CreditNoteRepository } from './credit-note.repository.js';
import type { InvoiceDocument } from './invoice-document.js';
import type { InvoiceDocuments } from './invoice-documents.js';
import type { DocumentKind, LegalPdfRepository, StoredPdf } from './legal-pdf.repository.js';
import { renderCreditNotePdf, renderInvoicePdf } from './pdf-render.js';

interface LegalDeps {
  orders: OrderReader;
  invoices: Pick<InvoiceRepository, 'findByOrderId'>;
  creditNotes: Pick<CreditNoteRepository, 'findById' | 'listByOrderId'>;
  pdfs: LegalPdfRepository;
  documents: Pick<InvoiceDocuments, 'of'>;
  clock: Clock;
}

export interface InvoiceWithDocument {
  invoice: Invoice;
  document: InvoiceDocument;
}

/** A document's PDF, ready to send: its bytes as first rendered, their hash, and a file name. */
export interface PdfFile {
  bytes: Buffer;
  sha256: string;
  fileName: string;
}

/**
 * Invoices and credit notes as legal documents: read only. Nothing here edits or deletes one;
 * a PDF is rendered once, at its first download, and its bytes are what every download sends.
 */
export class LegalService {
  constructor(private readonly deps: LegalDeps) {}

  async getInvoice(actor: Actor, orderId: string): Promise<InvoiceWithDocument> {
    await loadAccessibleOrder(this.deps.orders, actor, orderId);
    const invoice = await this.deps.invoices.findByOrderId(orderId);
    if (!invoice) throw Errors.invoiceNotFound();
    return { invoice, document: await this.deps.documents.of(invoice) };
  }

  async invoicePdf(actor: Actor, orderId: string): Promise<PdfFile> {
    const { invoice, document } = await this.getInvoice(actor, orderId);
    const pdf = await this.keptOrRendered(invoice.id, 'invoice', document, () =>
      renderInvoicePdf(invoice, document),
    );
    return { bytes: pdf.bytes, sha256: pdf.sha256, fileName: `${invoice.number}.pdf` };
  }

  async listCreditNotes(actor: Actor, orderId: string): Promise<CreditNote[]> {
    await loadAccessibleOrder(this.deps.orders, actor, orderId);
    return this.deps.creditNotes.listByOrderId(orderId);
  }

  async creditNotePdf(actor: Actor, creditNoteId: string): Promise<PdfFile> {
    const note = await this.deps.creditNotes.findById(creditNoteId);
    if (!note) throw Errors.creditNoteNotFound();
    await loadAccessibleOrder(this.deps.orders, actor, note.orderId);
    const pdf = await this.keptOrRendered(note.id, 'credit_note', note.document, () =>
      renderCreditNotePdf(note),
    );
    return { bytes: pdf.bytes, sha256: pdf.sha256, fileName: `${note.number}.pdf` };
  }

  private async keptOrRendered(
    documentId: string,
    kind: DocumentKind,
    document: Readonly<Record<string, unknown>>,
    render: () => Promise<Buffer>,
  ): Promise<StoredPdf> {
    const kept = await this.deps.pdfs.find(documentId);
    if (kept) return kept;
    const bytes = await render();
    return this.deps.pdfs.keep({
      documentId,
      kind,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      document,
      renderedAt: this.deps.clock.now(),
    });
  }
}
