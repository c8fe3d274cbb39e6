import type { UserRepository } from '../auth/user.repository.js';
import type { Product } from '../catalog/product.js';
import type { ProductRepository } from '../catalog/product.repository.js';
import type { OrderStatus } from '../orders/order.js';
import type { OrderRepository } from '../orders/order.repository.js';

const LOW_STOCK_THRESHOLD = 10;

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
