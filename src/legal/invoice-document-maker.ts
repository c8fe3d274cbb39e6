import type { UserRepository } from '../auth/user.repository.js';
import type { SellerIdentity } from '../config.js';
import type { InvoiceDocumentMaker } from '../orders/invoice.js';
import type { Order } from '../orders/order.js';
import type { PaymentRecord } from '../orders/payment.js';
import { buildInvoiceDocument, cardPaymentMeans } from './invoice-document.js';

interface MakerDeps {
  users: Pick<UserRepository, 'findById'>;
  seller: SellerIdentity;
  defaultVatRate: number;
}

/** Builds an invoice's document at issue: the seller as configured now, the buyer as their profile says now. */
export class LegalInvoiceDocumentMaker implements InvoiceDocumentMaker {
  constructor(private readonly deps: MakerDeps) {}

  async prepare(order: Order): Promise<(charge: PaymentRecord) => ReturnType<typeof buildInvoiceDocument>> {
    const user = await this.deps.users.findById(order.userId);
    // An account gone since checkout still bought: its invoice names it as best it can.
    const buyer = user ?? { firstName: '', lastName: '', address: order.shippingAddress ?? '' };
    return (charge) =>
      buildInvoiceDocument({
        sale: order,
        seller: this.deps.seller,
        buyer,
        defaultVatRate: this.deps.defaultVatRate,
        paidAt: charge.createdAt,
        paymentMeans: cardPaymentMeans(charge.cardLast4),
      });
  }
}
