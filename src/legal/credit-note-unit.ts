import type { SellerIdentity } from '../config.js';
import type { UnitOfWork } from '../database/unit-of-work.js';
import type { Invoice } from '../orders/invoice.js';
import type { InvoiceRepository } from '../orders/invoice.repository.js';
import type { UnitStores } from '../orders/purchase-unit.js';
import type { RefundUnit } from '../orders/refund-unit.js';
import type { IdGenerator } from '../shared/ids.js';
import { buildCreditNoteDocument } from './credit-note.js';
import type { CreditNoteRepository } from './credit-note.repository.js';
import type { InvoiceDocument } from './invoice-document.js';
import type { InvoiceDocuments } from './invoice-documents.js';

/** The stores a refund's unit touches once it issues a credit note too. */
export type CreditNoteUnitStores = Pick<
  UnitStores,
  'orders' | 'products' | 'invoices' | 'payments' | 'users' | 'outbox' | 'idempotency'
> & {
  creditNotes: CreditNoteRepository;
};

interface CreditNoteUnitDeps {
  invoices: Pick<InvoiceRepository, 'findByOrderId'>;
  documents: Pick<InvoiceDocuments, 'of'>;
  seller: SellerIdentity;
  ids: IdGenerator;
}

/**
 * Every refund issues its credit note in its own unit. The invoice is read first, outside the
 * unit (issued invoices never change, and a unit never waits on the pipelined statements);
 * the order's earlier credit notes are read inside it, after `recordRefund` locked the order,
 * so two refunds racing on one order see each other's notes and never credit a rate twice.
 */
export function refundsWithCreditNotes(
  tx: UnitOfWork<CreditNoteUnitStores>,
  deps: CreditNoteUnitDeps,
): RefundUnit {
  const invoiceOf = async (
    read: Pick<InvoiceRepository, 'findByOrderId'>,
    orderId: string,
  ): Promise<{ invoice: Invoice; document: InvoiceDocument } | null> => {
    const invoice = await read.findByOrderId(orderId);
    return invoice ? { invoice, document: await deps.documents.of(invoice) } : null;
  };
  return {
    async run(orderId, work, last) {
      const before = await invoiceOf(deps.invoices, orderId);
      return tx.run(async (stores) => {
        const refund = await work(stores);
        // Paid between the read above and the refund: its invoice has its document, read here.
        const issued = before ?? (await invoiceOf(stores.invoices, orderId));
        if (!issued) throw new Error(`order ${orderId} was refunded without an invoice`);
        const previous = await stores.creditNotes.listByOrderId(orderId);
        const document = buildCreditNoteDocument({
          invoice: {
            number: issued.invoice.number,
            issuedAt: issued.invoice.issuedAt,
            document: issued.document,
          },
          previous: previous.map((note) => note.document),
          seller: deps.seller,
          amountCents: refund.amountCents,
          at: refund.at,
        });
        await stores.creditNotes.issue(deps.ids.uuid(), new Date(refund.at).getUTCFullYear(), {
          orderId,
          invoiceId: issued.invoice.id,
          totalCents: refund.amountCents,
          issuedAt: refund.at,
          document,
        });
        await last?.(stores, refund);
        return refund;
      });
    },
  };
}
