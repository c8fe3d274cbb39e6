import type { UserRepository } from '../auth/user.repository.js';
import type { SellerIdentity } from '../config.js';
import type { Invoice } from '../orders/invoice.js';
import type { OrderReader } from '../orders/order.repository.js';
import {
  buildInvoiceDocument,
  cardPaymentMeans,
  type InvoiceDocument,
  InvoiceDocumentSchema,
} from './invoice-document.js';
import type { LegalPdfRepository } from './legal-pdf.repository.js';

interface DocumentsDeps {
  pdfs: Pick<LegalPdfRepository, 'find'>;
  users: Pick<UserRepository, 'findById'>;
  orders: Pick<OrderReader, 'findById'>;
  seller: SellerIdentity;
}

/** An invoice's legal document: the one fixed at issue, or for an older invoice the one its first PDF fixed. */
export class InvoiceDocuments {
  constructor(private readonly deps: DocumentsDeps) {}

  async of(invoice: Invoice): Promise<InvoiceDocument> {
    if (invoice.document !== null) return InvoiceDocumentSchema.parse(invoice.document);
    const rendered = await this.deps.pdfs.find(invoice.id);
    if (rendered) return InvoiceDocumentSchema.parse(rendered.document);
    return this.rebuilt(invoice);
  }

  /**
   * An invoice issued before its document existed (migration 015): built from what its row
   * holds, the buyer's profile and the seller as they are now. Its first PDF render stores it,
   * and from then on it no longer changes.
   */
  private async rebuilt(invoice: Invoice): Promise<InvoiceDocument> {
    const [user, order] = await Promise.all([
      this.deps.users.findById(invoice.userId),
      this.deps.orders.findById(invoice.orderId),
    ]);
    const shippingAddress = order?.shippingAddress ?? null;
    return buildInvoiceDocument({
      sale: {
        items: invoice.lines.map((line) => ({ ...line, vatRate: invoice.vatRatePercent })),
        totalCents: invoice.totalCents,
        shippingAddress,
      },
      seller: this.deps.seller,
      buyer: user ?? { firstName: '', lastName: '', address: shippingAddress ?? '' },
      defaultVatRate: invoice.vatRatePercent,
      paidAt: invoice.issuedAt,
      paymentMeans: cardPaymentMeans(null),
    });
  }
}
