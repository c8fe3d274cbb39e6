import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Product } from './product.js';
import type { ProductRepository } from './product.repository.js';
import { decodeCursor, encodeCursor, foldForSearch, type ProductSort } from './product-query.js';

/** What an admin may send: every field optional, checked here for the contract's 400 messages. */
export type ProductInput = Partial<NewProduct>;

interface NewProduct {
  name: string;
  description: string;
  priceCents: number;
  stockQty: number;
  imageUrl: string | null;
  active: boolean;
}

export interface CatalogCriteria {
  q?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
  inStock?: boolean;
  sort: ProductSort;
  /** False when the client left `sort` to its default: a cursor then brings its own. */
  sortGiven: boolean;
  limit: number;
  offset: number;
  cursor?: string;
}

export interface CatalogPage {
  products: Product[];
  total: number;
  limit: number;
  offset: number;
  nextCursor: string | null;
}

interface CatalogDeps {
  products: ProductRepository;
  ids: IdGenerator;
  clock: Clock;
}

export class CatalogService {
  constructor(private readonly deps: CatalogDeps) {}

  /** A page of the public catalogue; `cursor` (from a previous page) takes precedence over `offset`. */
  async search(criteria: CatalogCriteria): Promise<CatalogPage> {
    const after = criteria.cursor === undefined ? undefined : decodeCursor(criteria.cursor);
    if (after === null) throw Errors.cursorInvalid();
    const sort = after?.sort ?? criteria.sort;
    if (after && criteria.sortGiven && after.sort !== criteria.sort) throw Errors.cursorInvalid();
    const text = criteria.q === undefined ? undefined : foldForSearch(criteria.q);
    const page = await this.deps.products.search({
      ...(text && { text }),
      // Both stores read an undefined bound or filter as none.
      minPriceCents: criteria.minPriceCents,
      maxPriceCents: criteria.maxPriceCents,
      inStock: criteria.inStock,
      sort,
      limit: criteria.limit,
      offset: after ? 0 : criteria.offset,
      ...(after && { after }),
    });
    return {
      products: page.items,
      total: page.total,
      limit: criteria.limit,
      offset: after ? 0 : criteria.offset,
      nextCursor: page.next && encodeCursor(page.next),
    };
  }

  /** The public view: an inactive product is "not available", not "not found". */
  async getActive(id: string): Promise<Product> {
    const product = await this.deps.products.findById(id);
    if (!product) throw Errors.productNotFound();
    if (!product.active) throw Errors.productUnavailable();
    return product;
  }

  listAll(): Promise<Product[]> {
    return this.deps.products.listAll();
  }

  async createFromInput(input: ProductInput): Promise<Product> {
    if (input.name === undefined) throw Errors.productNameRequired();
    if (input.priceCents === undefined) throw Errors.productPriceRequired();
    return this.create({
      name: input.name,
      priceCents: input.priceCents,
      description: input.description ?? '',
      stockQty: input.stockQty ?? 0,
      imageUrl: input.imageUrl ?? null,
      active: input.active ?? true,
    });
  }

  async update(id: string, patch: ProductInput): Promise<Product> {
    // An undefined field leaves the product's as it was (the repository contract, test/stores/contract.test.ts).
    const product = await this.deps.products.update(id, patch);
    if (!product) throw Errors.productNotFound();
    return product;
  }

  async setStock(id: string, stockQty: number | undefined): Promise<Product> {
    if (stockQty === undefined) throw Errors.stockRequired();
    return this.update(id, { stockQty });
  }

  async create(input: NewProduct): Promise<Product> {
    const product: Product = { id: this.deps.ids.uuid(), createdAt: this.deps.clock.now(), ...input };
    await this.deps.products.insert(product);
    return product;
  }
}
