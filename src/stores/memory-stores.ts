import type { AccountUnit } from '../auth/account-unit.js';
import { MemoryAccountTokenRepository } from '../auth/memory-account-token.repository.js';
import { MemorySessionRepository } from '../auth/memory-session.repository.js';
import { MemoryUserRepository } from '../auth/memory-user.repository.js';
import { resetRequestsInUnits } from '../auth/reset-request.js';
import { MemoryCartRepository } from '../cart/memory-cart.repository.js';
import { FileImageStore } from '../catalog/file-image.store.js';
import { MemoryCategoryRepository } from '../catalog/memory-category.repository.js';
import { MemoryProductRepository } from '../catalog/memory-product.repository.js';
import { SerialQueue, UndoLog } from '../database/undo-log.js';
import type { UnitOfWork } from '../database/unit-of-work.js';
import { MemoryCreditNoteRepository } from '../legal/memory-credit-note.repository.js';
import { MemoryLegalPdfRepository } from '../legal/memory-legal-pdf.repository.js';
import { MemoryOutboxRepository } from '../mail/memory-outbox.repository.js';
import { settlementInUnits } from '../orders/charge-settlement.js';
import { MemoryInvoiceRepository } from '../orders/memory-invoice.repository.js';
import { MemoryOrderRepository } from '../orders/memory-order.repository.js';
import { MemoryPaymentRepository } from '../orders/memory-payment.repository.js';
import { placementInUnits } from '../orders/order-placement.js';
import { MemoryIdempotencyRepository } from '../platform/idempotency/memory-idempotency.repository.js';
import { MemoryLoginAttemptRepository } from '../platform/throttle/memory-login-attempt.repository.js';
import { MemoryPromotionRepository } from '../promotions/memory-promotion.repository.js';
import { MemoryShippingRepository } from '../shipping/memory-shipping.repository.js';
import { MemorySupportRepository } from '../support/memory-support.repository.js';
import type { AllUnitStores, Repositories, Stores } from './stores.js';

export function createMemoryStores(uploadDir: string): Stores {
  const units = new SerialQueue();
  const payments = new MemoryPaymentRepository();
  // Each asks the other in the same step as its write: a product's category exists, a deleted category is empty.
  const categories: MemoryCategoryRepository = new MemoryCategoryRepository((id) =>
    products.isCategoryUsed(id),
  );
  const products = new MemoryProductRepository((id) => categories.has(id));
  const unitStores = {
    products,
    carts: new MemoryCartRepository(),
    orders: new MemoryOrderRepository((orderId) => payments.chargeAttemptsOf(orderId)),
    payments,
    invoices: new MemoryInvoiceRepository(),
    outbox: new MemoryOutboxRepository(units),
    creditNotes: new MemoryCreditNoteRepository(),
  };
  const users = new MemoryUserRepository();
  const sessions = new MemorySessionRepository((id) => users.findById(id));
  const accountTokens = new MemoryAccountTokenRepository();
  const repos: Repositories = {
    ...unitStores,
    categories,
    users,
    sessions,
    accountTokens,
    idempotency: new MemoryIdempotencyRepository(),
    threads: new MemorySupportRepository({ outbox: unitStores.outbox, findUser: (id) => users.findById(id) }),
    images: new FileImageStore(uploadDir),
    loginAttempts: new MemoryLoginAttemptRepository(),
    legalPdfs: new MemoryLegalPdfRepository(),
    // issue 25
    shippingMethods: new MemoryShippingRepository(),
    promotions: new MemoryPromotionRepository(),
  };
  const unitOfWork: UnitOfWork<AllUnitStores> = {
    run: (work) =>
      units.run(async () => {
        const log = new UndoLog();
        const inUnit: AllUnitStores = {
          products: unitStores.products.inUnit(log),
          carts: unitStores.carts.inUnit(log),
          orders: unitStores.orders.inUnit(log),
          payments: unitStores.payments.inUnit(log),
          invoices: unitStores.invoices.inUnit(log),
          outbox: unitStores.outbox.inUnit(log),
          users: users.inUnit(log),
          creditNotes: unitStores.creditNotes.inUnit(log),
          // Sealing is a unit's last write: nothing after it can throw and need it undone.
          idempotency: repos.idempotency,
        };
        try {
          return await work(inUnit);
        } catch (err) {
          log.rollback();
          throw err;
        }
      }),
  };
  // Same queue as the purchase units: memory units never interleave, whatever they touch.
  const accounts: AccountUnit = {
    run: (work) =>
      units.run(async () => {
        const log = new UndoLog();
        try {
          return await work({
            users: users.inUnit(log),
            sessions: sessions.inUnit(log),
            tokens: accountTokens.inUnit(log),
            outbox: unitStores.outbox.inUnit(log),
          });
        } catch (err) {
          log.rollback();
          throw err;
        }
      }),
  };
  return {
    repos,
    unitOfWork,
    accounts,
    resets: resetRequestsInUnits(accounts),
    placement: placementInUnits(unitOfWork),
    charges: settlementInUnits(unitOfWork),
    isReady: async () => true,
    close: async () => {},
  };
}
