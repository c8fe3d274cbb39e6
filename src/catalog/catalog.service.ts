import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import { type CategoryRef, categoryRefs, subtrees } from './category.js';
import type { CategoryRepository } from './category.repository.js';
import type { OptionValues, Product, ProductOption, Variant } from './product.js';
import type { ProductRepository, ProductWriteOutcome } from './product.repository.js';
import { decodeCursor, encodeCursor, foldForSearch, type ProductSort } from './product-query.js';
import { defaultSku, fittedValues, optionNames, optionsValid, soleVariant } from './variant-rules.js';

export interface VariantInput {
  sku?: string;
  options?: OptionValues;
  stockQty?: number;
  /** Null: sells at the product's price. */
  priceCents?: number | null;
  active?: boolean;
}

/** What an admin may send: every field optional, checked here for the contract's 400 messages. */
export interface ProductInput {
  name?: string;
  description?: string;
  priceCents?: number;
  /** The stock of a product without a choice to make (its one variant). */
  stockQty?: number;
  imageUrl?: string | null;
  active?: boolean;
  options?: ProductOption[];
  variants?: VariantInput[];
  categoryIds?: string[];
}

export interface CatalogCriteria {
  q?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
  inStock?: boolean;
  /** A category's slug: its products and its descendants'. */
  category?: string;
  /** `Name:Value` pairs, all held by one variant. */
  options?: [string, string][];
  sort: ProductSort;
  /** False when the client left `sort` to its default: a cursor then brings its own. */
  sortGiven: boolean;
  limit: number;
  offset: number;
  cursor?: string;
}

/** A product as the API shows it: with its categories' names and slugs. */
export type ShownProduct = Product & { categories: CategoryRef[] };

export interface CatalogPage {
  products: ShownProduct[];
  total: number;
  limit: number;
  offset: number;
  nextCursor: string | null;
}

interface CatalogDeps {
  products: ProductRepository;
  categories: CategoryRepository;
  ids: IdGenerator;
  clock: Clock;
}

/** A store's refusal of a product write, as the error the contract gives. */
function productOf(outcome: ProductWriteOutcome, notFound: () => Error = Errors.productNotFound): Product {
  if (outcome.ok) return outcome.product;
  if (outcome.reason === 'SKU_TAKEN') throw Errors.skuTaken();
  if (outcome.reason === 'COMBINATION_TAKEN') throw Errors.combinationTaken();
  if (outcome.reason === 'CATEGORY_NOT_FOUND') throw Errors.categoryUnknown();
  throw notFound();
}

export class CatalogService {
  constructor(private readonly deps: CatalogDeps) {}

  /** A page of the public catalogue; `cursor` (from a previous page) takes precedence over `offset`. */
  async search(criteria: CatalogCriteria): Promise<CatalogPage> {
    const after = criteria.cursor === undefined ? undefined : decodeCursor(criteria.cursor);
    if (after === null) throw Errors.cursorInvalid();
    const sort = after?.sort ?? criteria.sort;
    if (after && criteria.sortGiven && after.sort !== criteria.sort) throw Errors.cursorInvalid();
    const offset = after ? 0 : criteria.offset;
    const empty: CatalogPage = { products: [], total: 0, limit: criteria.limit, offset, nextCursor: null };
    const categoryIds =
      criteria.category === undefined ? undefined : await this.categoryAndBelow(criteria.category);
    const options = criteria.options && heldTogether(criteria.options);
    // An unknown category, or one option asked with two values, matches nothing.
    if (categoryIds === null || options === null) return empty;
    const text = criteria.q === undefined ? undefined : foldForSearch(criteria.q);
    const page = await this.deps.products.search({
      ...(text && { text }),
      // Both stores read an undefined bound or filter as none.
      minPriceCents: criteria.minPriceCents,
      maxPriceCents: criteria.maxPriceCents,
      inStock: criteria.inStock,
      ...(categoryIds && { categoryIds }),
      ...(options && { options }),
      sort,
      limit: criteria.limit,
      offset,
      ...(after && { after }),
    });
    return {
      ...empty,
      products: await this.shown(page.items),
      total: page.total,
      nextCursor: page.next && encodeCursor(page.next),
    };
  }

  /** The public view: an inactive product is "not available", not "not found". */
  async getActive(id: string): Promise<ShownProduct> {
    const product = await this.deps.products.findById(id);
    if (!product) throw Errors.productNotFound();
    if (!product.active) throw Errors.productUnavailable();
    return this.shownOne(product);
  }

  async listAll(): Promise<ShownProduct[]> {
    return this.shown(await this.deps.products.listAll());
  }

  /** The products with their categories, read once for all of them. */
  async shown(products: readonly Product[]): Promise<ShownProduct[]> {
    if (products.every((product) => product.categoryIds.length === 0)) {
      return products.map((product) => ({ ...product, categories: [] }));
    }
    const byId = new Map((await this.deps.categories.listAll()).map((category) => [category.id, category]));
    return products.map((product) => ({ ...product, categories: categoryRefs(product.categoryIds, byId) }));
  }

  private async shownOne(product: Product): Promise<ShownProduct> {
    const [shown] = await this.shown([product]);
    return shown as ShownProduct;
  }

  async createFromInput(input: ProductInput): Promise<ShownProduct> {
    if (input.name === undefined) throw Errors.productNameRequired();
    if (input.priceCents === undefined) throw Errors.productPriceRequired();
    const options = input.options ?? [];
    if (!optionsValid(options)) throw Errors.productOptionsInvalid();
    if (options.length > 0 && !input.variants?.length) throw Errors.variantsRequired();
    const id = this.deps.ids.uuid();
    const variants = (input.variants ?? [{ stockQty: input.stockQty ?? 0 }]).map((variant) =>
      this.newVariant(id, options, variant),
    );
    return this.shownOne(
      productOf(
        await this.deps.products.insert({
          id,
          createdAt: this.deps.clock.now(),
          name: input.name,
          description: input.description ?? '',
          priceCents: input.priceCents,
          imageUrl: input.imageUrl ?? null,
          active: input.active ?? true,
          options,
          variants,
          categoryIds: [...new Set(input.categoryIds ?? [])],
        }),
      ),
    );
  }

  /**
   * An undefined field leaves the product's as it was; a stock goes to its one variant, written
   * last, once every refusal (no such product, a choice of variants, an unknown category) is out.
   */
  async update(id: string, input: ProductInput): Promise<ShownProduct> {
    const sole = input.stockQty === undefined ? undefined : await this.soleVariantOf(id);
    const { name, description, priceCents, imageUrl, active } = input;
    const updated = productOf(
      await this.deps.products.update(id, {
        name,
        description,
        priceCents,
        imageUrl,
        active,
        ...(input.categoryIds && { categoryIds: [...new Set(input.categoryIds)] }),
      }),
    );
    if (sole === undefined || input.stockQty === undefined) return this.shownOne(updated);
    return this.setVariantStock(sole.id, input.stockQty);
  }

  /** The stock of a product without a choice to make; one with several variants names them. */
  async setStock(id: string, stockQty: number | undefined): Promise<ShownProduct> {
    if (stockQty === undefined) throw Errors.stockRequired();
    return this.setVariantStock((await this.soleVariantOf(id)).id, stockQty);
  }

  private async soleVariantOf(id: string): Promise<Variant> {
    const product = await this.deps.products.findById(id);
    if (!product) throw Errors.productNotFound();
    const variant = soleVariant(product.variants);
    if (!variant) throw Errors.variantRequired({ options: optionNames(product.options) });
    return variant;
  }

  async addVariant(productId: string, input: VariantInput): Promise<ShownProduct> {
    const product = await this.deps.products.findById(productId);
    if (!product) throw Errors.productNotFound();
    const variant = this.newVariant(productId, product.options, input);
    return this.shownOne(productOf(await this.deps.products.addVariant(variant)));
  }

  async updateVariant(
    variantId: string,
    input: Pick<VariantInput, 'sku' | 'priceCents' | 'active'>,
  ): Promise<ShownProduct> {
    return this.shownOne(
      productOf(await this.deps.products.updateVariant(variantId, input), Errors.variantNotFound),
    );
  }

  async setVariantStock(variantId: string, stockQty: number | undefined): Promise<ShownProduct> {
    if (stockQty === undefined) throw Errors.stockRequired();
    const product = await this.deps.products.setVariantStock(variantId, stockQty);
    if (!product) throw Errors.variantNotFound();
    return this.shownOne(product);
  }

  private newVariant(productId: string, options: readonly ProductOption[], input: VariantInput): Variant {
    const values = fittedValues(options, input.options ?? {});
    if (!values) throw Errors.variantOptionsInvalid({ options: optionNames(options) || 'aucune' });
    const id = this.deps.ids.uuid();
    return {
      id,
      productId,
      sku: input.sku ?? defaultSku(id),
      options: values,
      priceCents: input.priceCents ?? null,
      stockQty: input.stockQty ?? 0,
      active: input.active ?? true,
    };
  }

  /** The category of `slug` and its descendants; null when no category has that slug. */
  private async categoryAndBelow(slug: string): Promise<string[] | null> {
    const categories = await this.deps.categories.listAll();
    const category = categories.find((c) => c.slug === slug);
    return category ? (subtrees(categories).get(category.id) ?? [category.id]) : null;
  }
}

/** The pairs as one variant's values; null when one option is asked with two values. */
function heldTogether(pairs: readonly [string, string][]): OptionValues | null {
  const values: OptionValues = {};
  for (const [name, value] of pairs) {
    if (values[name] !== undefined && values[name] !== value) return null;
    values[name] = value;
  }
  return values;
}
