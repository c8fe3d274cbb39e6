import { settlementInUnits } from '../charge-settlement.js';
import { FileImageStore } from '../files/file-image.store.js';
import { placementInUnits } from '../order-placement.js';
import type { Repositories, Stores, UnitOfWork, UnitStores } from '../repositories.js';
import { MemoryCartRepository } from './memory-cart.repository.js';
import { MemoryIdempotencyRepository } from './memory-idempotency.repository.js';
import { MemoryInvoiceRepository } from './memory-invoice.repository.js';
import { MemoryLoginAttemptRepository } from './memory-login-attempt.repository.js';
import { MemoryOrderRepository } from './memory-order.repository.js';
import { MemoryPaymentRepository } from './memory-payment.repository.js';
import { MemoryProductRepository } from './memory-product.repository.js';
import { MemorySessionRepository } from './memory-session.repository.js';
import { MemorySupportRepository } from './memory-support.repository.js';
import { MemoryUserRepository } from './memory-user.repository.js';
import { SerialQueue, UndoLog } from './undo-log.js';

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
  const unitOfWork: UnitOfWork = {
    run: (work) =>
      units.run(async () => {
        const log = new UndoLog();
        const inUnit: UnitStores = {
          products: unitStores.products.inUnit(log),
          carts: unitStores.carts.inUnit(log),
          orders: unitStores.orders.inUnit(log),
          payments: unitStores.payments.inUnit(log),
          invoices: unitStores.invoices.inUnit(log),
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
