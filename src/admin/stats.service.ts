import type { UserRepository } from '../auth/user.repository.js';
import type { CatalogService, ShownProduct } from '../catalog/catalog.service.js';
import type { LowStockVariant, ProductRepository } from '../catalog/product.repository.js';
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
  /** Active products with a variant under LOW_STOCK_THRESHOLD units (for a product without options, its stock, as the original dashboard lists them). */
  lowStockProducts: ShownProduct[];
  /** Their variants under the threshold, with their SKU and options. */
  lowStockVariants: LowStockVariant[];
}

interface StatsDeps {
  orders: OrderRepository;
  products: ProductRepository;
  users: UserRepository;
  catalog: CatalogService;
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
      lowStockProducts: await this.deps.catalog.shown(products.lowStock),
      lowStockVariants: products.lowStockVariants,
    };
  }
}
