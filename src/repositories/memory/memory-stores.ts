import { FileImageStore } from '../files/file-image.store.js';
import type { Repositories, Stores } from '../repositories.js';
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

export function createMemoryStores(uploadDir: string): Stores {
  const repos: Repositories = {
    users: new MemoryUserRepository(),
    sessions: new MemorySessionRepository(),
    products: new MemoryProductRepository(),
    carts: new MemoryCartRepository(),
    orders: new MemoryOrderRepository(),
    payments: new MemoryPaymentRepository(),
    invoices: new MemoryInvoiceRepository(),
    idempotency: new MemoryIdempotencyRepository(),
    threads: new MemorySupportRepository(),
    images: new FileImageStore(uploadDir),
    loginAttempts: new MemoryLoginAttemptRepository(),
  };
  return {
    repos,
    unitOfWork: { run: (work) => work(repos) },
    isReady: async () => true,
    close: async () => {},
  };
}
