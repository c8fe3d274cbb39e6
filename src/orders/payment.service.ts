import type { MailFactory } from '../mail/new-mail.js';
import type { ResultSeal } from '../platform/idempotency/idempotency.repository.js';
import { splitVat } from '../pricing/vat.js';
import type { Actor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import { RetryLater } from '../shared/retry-later.js';
import type { ChargeSettlement } from './charge-settlement.js';
import type { InvoiceDocumentMaker, InvoiceDraft } from './invoice.js';
import type { Order } from './order.js';
import { orderLines, TRANSITIONS } from './order.js';
import type { OrderReader, OrderRepository } from './order.repository.js';
import { loadAccessibleOrder } from './order-access.js';
import { mailCustomer, orderRef } from './order-mails.js';
import { type Card, isExpired, type PaymentRecord } from './payment.js';
import type { PaymentReader } from './payment.repository.js';
import type { PaymentGateway } from './payment-gateway.js';
import type { PurchaseUnit } from './purchase-unit.js';
import type { RefundStores, RefundUnit } from './refund-unit.js';
import type { UnpaidExpiry } from './unpaid-expiry.js';

interface PaymentDeps {
  orders: OrderReader;
  /** The claim is the one write outside a unit: it must be visible to others while the gateway works. */
  claims: Pick<OrderRepository, 'claimPayment' | 'releasePaymentClaim'>;
  /** Recording a charge, moving to PAYEE and numbering the invoice happen together or not at all. */
  charges: ChargeSettlement;
  payments: PaymentReader;
  /** The invoice's legal document (seller, buyer, mentions), built at issue by the floor above. */
  documents: InvoiceDocumentMaker;
  gateway: PaymentGateway;
  ids: IdGenerator;
  clock: Clock;
  /** Refunds, and the ledger entries of a late charge given back. */
  tx: PurchaseUnit<'orders' | 'payments' | 'products' | 'users' | 'outbox' | 'idempotency'>;
  /** The refund's mail is written with its ledger entry, in its unit (issue 26). */
  mails: MailFactory;
  /** The unit a refund is recorded in, which issues its credit note too (src/legal). */
  refunds: RefundUnit;
  vatRatePercent: number;
  /** An order past its unpaid time is not claimed: it is expired, whether or not the sweep ran. */
  expiry: Pick<UnpaidExpiry, 'createdBefore' | 'settle'>;
}

/**
 * A payment claim holds its order while the charge is with the gateway, for as long as its
 * instance lives (issue 28): a process that dies mid-charge frees the order at once (PostgreSQL:
 * its liveness lock, src/database/liveness.ts), a live one however slow is never overtaken. This
 * bound, a day, is only what a claim that neither ends nor dies can hold an order for.
 */
const CLAIM_BOUND_MS = 24 * 60 * 60 * 1000;

/** Money in and out of an order: payment, invoice, refund. */
export class PaymentService {
  /** A claim held by a live instance is never taken over: releasing an ended payment's must not fail. */
  private readonly cleanups = new RetryLater();

  constructor(private readonly deps: PaymentDeps) {}

  /**
   * One charge per order: the order is claimed before the gateway is called, so a
   * concurrent payment (or cancel) is refused rather than charged twice. Every
   * attempt is recorded; a success moves the order to PAYEE and issues its invoice.
   */
  async pay(
    actor: Actor,
    orderId: string,
    card: Card,
    seal?: ResultSeal<PaymentRecord>,
  ): Promise<PaymentRecord> {
    const { claims, gateway, ids, clock } = this.deps;
    const claimedAt = clock.now();
    const leaseUntil = claimedAt + CLAIM_BOUND_MS;
    // Claiming reads the order too: a payment that goes through reads nothing else first.
    const claimed = isExpired(card, claimedAt)
      ? null
      : await claims.claimPayment(orderId, {
          ownerId: actor.userId,
          payableFrom: TRANSITIONS.pay.from,
          createdSince: this.deps.expiry.createdBefore(claimedAt),
          now: claimedAt,
          leaseUntil,
        });
    if (!claimed) return this.refuse(actor, orderId, card, claimedAt);
    const { order } = claimed;
    try {
      const documentOf = await this.deps.documents.prepare(order);
      // One gateway key per attempt: a retry after a lapsed claim asks about the same charge.
      const charge = await gateway.charge({
        orderId,
        amountCents: order.totalCents,
        card,
        idempotencyKey: `${orderId}:charge:${claimed.chargeAttempts}`,
      });
      const record: PaymentRecord = {
        id: ids.uuid(),
        orderId,
        userId: order.userId,
        kind: 'charge',
        amountCents: order.totalCents,
        succeeded: charge.approved,
        cardLast4: card.number.slice(-4),
        gatewayReference: charge.reference,
        createdAt: clock.now(),
      };
      if (!charge.approved) {
        // A declined attempt is recorded too, before the refusal is thrown.
        await this.deps.charges.record(record);
        throw Errors.paymentDeclined();
      }
      const invoiceId = ids.uuid();
      const paid = await this.deps.charges.record(
        record,
        {
          move: { ...TRANSITIONS.pay, at: record.createdAt, changes: { paymentId: record.id, invoiceId } },
          invoiceId,
          year: new Date(record.createdAt).getUTCFullYear(),
          invoice: { ...this.invoiceDraft(order, record.createdAt), document: documentOf(record) },
          mailId: ids.uuid(),
        },
        seal,
      );
      if (!paid) await this.giveBackLateCharge(record);
      // The move to PAYEE ended the claim in the same write.
      return record;
    } catch (err) {
      // Every other way out lets go of the claim (only its holder's lease matches).
      await this.cleanups.run(() => claims.releasePaymentClaim(orderId, leaseUntil));
      throw err;
    }
  }

  /**
   * Why a claim was refused, in the order a reader expects: 404, 403, not payable, card
   * expired, and otherwise another request's charge holding the order (409: retry soon).
   */
  private async refuse(actor: Actor, orderId: string, card: Card, now: number): Promise<never> {
    const found = await loadAccessibleOrder(this.deps.orders, actor, orderId, { ownerOnly: true });
    // Past its unpaid time, the order is expired here and now (unless a live claim holds it).
    const order = await this.deps.expiry.settle(found, now);
    if (!(TRANSITIONS.pay.from as readonly string[]).includes(order.status)) throw Errors.orderNotPayable();
    if (isExpired(card, now)) throw Errors.cardExpired();
    // Payable and the actor's own: another request's claim holds it.
    throw Errors.paymentInProgress();
  }

  /**
   * The gateway took money but the order moved on meanwhile (this request's claim lapsed
   * during a slow charge and a cancel or the unpaid-order expiry got in). Unless that same
   * charge already paid the order (a retry that reused its gateway key), it is refunded at
   * once and both entries go to the ledger: nobody pays for an order they do not get.
   */
  private async giveBackLateCharge(record: PaymentRecord): Promise<never> {
    const { payments, gateway, ids, clock } = this.deps;
    const ledger = await payments.listByOrder(record.orderId);
    // A gateway reference names one charge: found in the ledger, this charge is already there.
    const alreadyRecorded = ledger.some((p) => p.gatewayReference === record.gatewayReference);
    if (!alreadyRecorded) {
      const refund = await gateway.refund({
        chargeReference: record.gatewayReference ?? '',
        amountCents: record.amountCents,
        idempotencyKey: `${record.orderId}:give-back:${record.gatewayReference ?? record.id}`,
      });
      await this.deps.tx.run(async (stores) => {
        await stores.payments.insert(record);
        await stores.payments.insert({
          ...record,
          id: ids.uuid(),
          kind: 'refund',
          gatewayReference: refund.reference,
          createdAt: clock.now(),
        });
      });
    }
    throw Errors.orderNotPayable();
  }

  /**
   * Issue 28: a refund is recorded only with the gateway's outcome. One unit: the refund is
   * bounded by what is still refundable (the order's row stays locked, so two refunds never
   * both fit), the gateway is asked, and only its answer writes the ledger entry; a gateway
   * that fails rolls the unit back, leaving the refunded amount, the status, the stock and the
   * ledger as they were. The gateway key names this refund (the amount refunded before it), so
   * a retry after a crash past the gateway's answer asks about the same refund, not a second
   * one. A full refund of a PAYEE order releases its stock; an ANNULEE order released it when
   * cancelled. `seal` writes a keyed request's answer in the same unit.
   */
  async refund(orderId: string, amountCents: number | undefined, seal?: ResultSeal<Order>): Promise<Order> {
    const { gateway, ids, clock } = this.deps;
    const work = async ({ orders, products, payments, users, outbox }: RefundStores) => {
      const at = clock.now();
      const outcome = await orders.recordRefund(orderId, {
        amountCents,
        allowedFrom: TRANSITIONS.refund.from,
        fullyRefundedStatus: TRANSITIONS.refund.to,
        at,
        actor: TRANSITIONS.refund.actor,
      });
      if (!outcome.ok) {
        if (outcome.reason === 'NOT_FOUND') throw Errors.orderNotFound();
        if (outcome.reason === 'BAD_STATUS') throw Errors.refundBadStatus();
        if (outcome.reason === 'NO_PAYMENT') throw Errors.refundNoPayment();
        throw Errors.refundBadAmount();
      }
      const { order } = outcome;
      if (outcome.previous === 'PAYEE' && order.status === 'REMBOURSEE') {
        await products.release(orderLines(order));
      }
      const charge = (await payments.listByOrder(orderId)).find((p) => p.kind === 'charge' && p.succeeded);
      // Asked inside the unit: a gateway failure leaves the refund unrecorded (issue 28).
      const result = await gateway.refund({
        chargeReference: charge?.gatewayReference ?? '',
        amountCents: outcome.amountCents,
        idempotencyKey: `${orderId}:refund:${order.refundedCents - outcome.amountCents}`,
      });
      await payments.insert({
        id: ids.uuid(),
        orderId,
        userId: order.userId,
        kind: 'refund',
        amountCents: outcome.amountCents,
        succeeded: true,
        cardLast4: charge?.cardLast4 ?? null,
        gatewayReference: result.reference,
        createdAt: clock.now(),
      });
      await mailCustomer({ users, outbox }, order, (customer) =>
        this.deps.mails.of('order_refunded', customer.email, {
          ...orderRef(order, customer),
          amountCents: outcome.amountCents,
        }),
      );
      return { ...outcome, at };
    };
    const refunded = await this.deps.refunds.run(
      orderId,
      work,
      seal && (({ idempotency }, done) => seal(done.order, idempotency)),
    );
    return refunded.order;
  }

  private invoiceDraft(order: Order, issuedAt: number): InvoiceDraft {
    return {
      orderId: order.id,
      userId: order.userId,
      lines: order.items.map((item) => ({
        productId: item.productId,
        variantId: item.variantId,
        sku: item.sku,
        options: item.options,
        name: item.name,
        unitPriceCents: item.unitPriceCents,
        quantity: item.quantity,
        lineTotalCents: item.unitPriceCents * item.quantity,
      })),
      totalCents: order.totalCents,
      vatRatePercent: this.deps.vatRatePercent,
      ...splitVat(order.totalCents, this.deps.vatRatePercent),
      issuedAt,
    };
  }
}
