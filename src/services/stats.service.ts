import type { OrderStatus } from '../domain/order.js';
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

  /** Aggregates computed by the stores: nothing proportional to the catalogue or the orders is loaded. */
  async compute(): Promise<ShopStats> {
    const [orders, products, totalUsers] = await Promise.all([
      this.deps.orders.summarize(),
      this.deps.products.summarize(LOW_STOCK_THRESHOLD),
      this.deps.users.count(),
    ]);
    return {
      totalOrders: orders.total,
      ordersByStatus: orders.byStatus,
      revenueCents: orders.revenueCents,
      totalUsers,
      totalProducts: products.total,
      lowStockProducts: products.lowStock,
    };
  }
}
