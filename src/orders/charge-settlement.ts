import { mailOf } from '../mail/new-mail.js';
import type { ResultSeal } from '../platform/idempotency/idempotency.repository.js';
import type { InvoiceDraft } from './invoice.js';
import type { TransitionRequest } from './order.repository.js';
import { mailCustomer } from './order-mails.js';
import type { PaymentRecord } from './payment.js';
import type { PurchaseUnit } from './purchase-unit.js';

/** What an approved charge writes besides itself: the move to PAYEE and the invoice it issues. */
export interface PaidOrder {
  /** The pay move, its `changes` naming the charge and the invoice. */
  move: TransitionRequest;
  invoiceId: string;
  /** The year whose numbering the invoice takes. */
  year: number;
  invoice: InvoiceDraft;
  /** The id of the "paiement reçu" mail written with it (issue 26). */
  mailId: string;
}

/**
 * Records what the gateway answered for one charge, in one step with the same meaning in
 * every store. It is its own port, not three calls in a unit, because it is the write of
 * every purchase: PostgreSQL does it in one statement instead of five round trips.
 */
export interface ChargeSettlement {
  /**
   * A declined charge (`paid` absent): the attempt is recorded. An approved one: the charge,
   * the move to PAYEE and the invoice are written together, or nothing is when the order left
   * the payable statuses meanwhile (its claim lapsed mid-charge); then `false` comes back.
   * With `seal`, an approved charge that paid the order writes the keyed request's answer
   * for it in the same step.
   */
  record(charge: PaymentRecord, paid?: PaidOrder, seal?: ResultSeal<PaymentRecord>): Promise<boolean>;
}

/** Thrown inside the unit to undo it when the order left the payable statuses; never leaves `record`. */
class NoLongerPayable extends Error {}

/** The settlement as three repository calls in one unit of work: the memory stores' way, all or nothing by their undo log. */
export function settlementInUnits(
  tx: PurchaseUnit<'orders' | 'payments' | 'invoices' | 'users' | 'outbox' | 'idempotency'>,
): ChargeSettlement {
  return {
    record: (charge, paid, seal) =>
      tx
        .run(async ({ orders, payments, invoices, users, outbox, idempotency }) => {
          await payments.insert(charge);
          if (!paid) return true;
          // The move comes first: a request whose claim lapsed is refused here, before it
          // can number an invoice the order already has.
          const moved = await orders.transition(charge.orderId, paid.move);
          if (!moved.ok) throw new NoLongerPayable();
          const invoice = await invoices.issue(paid.invoiceId, paid.year, paid.invoice);
          await mailCustomer({ users, outbox }, moved.order, (customer) =>
            mailOf(paid.mailId, charge.createdAt, 'payment_received', customer.email, {
              firstName: customer.firstName,
              orderId: charge.orderId,
              amountCents: charge.amountCents,
              invoiceNumber: invoice.number,
            }),
          );
          await seal?.(charge, idempotency);
          return true;
        })
        .catch((err: unknown) => {
          if (err instanceof NoLongerPayable) return false;
          throw err;
        }),
  };
}
