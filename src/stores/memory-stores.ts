import { MemorySessionRepository } from '../auth/memory-session.repository.js';
import { MemoryUserRepository } from '../auth/memory-user.repository.js';
import { MemoryCartRepository } from '../cart/memory-cart.repository.js';
import { FileImageStore } from '../catalog/file-image.store.js';
import { MemoryProductRepository } from '../catalog/memory-product.repository.js';
import { SerialQueue, UndoLog } from '../database/undo-log.js';
import { settlementInUnits } from '../orders/charge-settlement.js';
import { MemoryInvoiceRepository } from '../orders/memory-invoice.repository.js';
import { MemoryOrderRepository } from '../orders/memory-order.repository.js';
import { MemoryPaymentRepository } from '../orders/memory-payment.repository.js';
import { placementInUnits } from '../orders/order-placement.js';
import type { PurchaseUnit, UnitStores } from '../orders/purchase-unit.js';
import { MemoryIdempotencyRepository } from '../platform/idempotency/memory-idempotency.repository.js';
import { MemoryLoginAttemptRepository } from '../platform/throttle/memory-login-attempt.repository.js';
import { MemorySupportRepository } from '../support/memory-support.repository.js';
import type { Repositories, Stores } from './stores.js';

export function createMemoryStores(uploadDir: string): Stores {
  const payments = new MemoryPaymentRepository();
  const unitStores = {
    products: new MemoryProductRepository(),
    carts: new MemoryCartRepository(),
    orders: new MemoryOrderRepository((orderId) => payments.chargeAttemptsOf(orderId)),
    payments,
    invoices: new MemoryInvoiceRepository(),
  };
  const users = new MemoryUserRepository();
  const repos: Repositories = {
    ...unitStores,
    users,
    sessions: new MemorySessionRepository((id) => users.findById(id)),
    idempotency: new MemoryIdempotencyRepository(),
    threads: new MemorySupportRepository(),
    images: new FileImageStore(uploadDir),
    loginAttempts: new MemoryLoginAttemptRepository(),
  };
  const units = new SerialQueue();
  const unitOfWork: PurchaseUnit = {
    run: (work) =>
      units.run(async () => {
        const log = new UndoLog();
        const inUnit: UnitStores = {
          products: unitStores.products.inUnit(log),
          carts: unitStores.carts.inUnit(log),
          orders: unitStores.orders.inUnit(log),
          payments: unitStores.payments.inUnit(log),
          invoices: unitStores.invoices.inUnit(log),
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
  return {
    repos,
    unitOfWork,
    placement: placementInUnits(unitOfWork),
    charges: settlementInUnits(unitOfWork),
    isReady: async () => true,
    close: async () => {},
  };
}
