import { ORDER_STATUSES, type OrderStatus } from '../domain/order.js';
import type { Product } from '../domain/product.js';
import type { OrderRepository } from '../repositories/order.repository.js';
import type { ProductRepository } from '../repositories/product.repository.js';
import type { UserRepository } from '../repositories/user.repository.js';

export const LOW_STOCK_THRESHOLD = 10;

export interface ShopStats {
  totalOrders: number;
  ordersByStatus: Record<OrderStatus, number>;
  /** Money captured minus money refunded. */
  revenueCents: number;
  totalUsers: number;
  totalProducts: number;
  /** Active products with fewer than LOW_STOCK_THRESHOLD units, as the original dashboard lists them. */
  lowStockProducts: Product[];
}

interface StatsDeps {
  orders: OrderRepository;
  products: ProductRepository;
  users: UserRepository;
}

export class StatsService {
  constructor(private readonly deps: StatsDeps) {}

  async compute(): Promise<ShopStats> {
    const [orders, products, totalUsers] = await Promise.all([
      this.deps.orders.list({}),
      this.deps.products.listAll(),
      this.deps.users.count(),
    ]);
    const ordersByStatus = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<
      OrderStatus,
      number
    >;
    let revenueCents = 0;
    for (const order of orders) {
      ordersByStatus[order.status] += 1;
      if (order.paymentId !== null) revenueCents += order.totalCents - order.refundedCents;
    }
    return {
      totalOrders: orders.length,
      ordersByStatus,
      revenueCents,
      totalUsers,
      totalProducts: products.length,
      lowStockProducts: products.filter((p) => p.active && p.stockQty < LOW_STOCK_THRESHOLD),
    };
  }
}
