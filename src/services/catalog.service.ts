import type { Product } from '../domain/product.js';
import type { ProductRepository } from '../repositories/product.repository.js';
import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';

export interface NewProduct {
  name: string;
  description: string;
  priceCents: number;
  stockQty: number;
  imageUrl: string | null;
  active: boolean;
}

interface CatalogDeps {
  products: ProductRepository;
  ids: IdGenerator;
  clock: Clock;
}

export class CatalogService {
  constructor(private readonly deps: CatalogDeps) {}

  listActive(): Promise<Product[]> {
    return this.deps.products.listActive();
  }

  /** The public view: an inactive product is "not available", not "not found". */
  async getActive(id: string): Promise<Product> {
    const product = await this.deps.products.findById(id);
    if (!product) throw Errors.productNotFound();
    if (!product.active) throw Errors.productUnavailable();
    return product;
  }

  async create(input: NewProduct): Promise<Product> {
    const product: Product = { id: this.deps.ids.uuid(), createdAt: this.deps.clock.now(), ...input };
    await this.deps.products.insert(product);
    return product;
  }
}
