import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import { buildTree, type Category, type CategoryNode, type CategoryPatch, subtrees } from './category.js';
import type { CategoryRepository, CategoryWriteOutcome } from './category.repository.js';
import type { ProductRepository } from './product.repository.js';

export interface CategoryInput {
  name: string;
  slug: string;
  parentId?: string | null;
  position?: number;
}

interface CategoryDeps {
  categories: CategoryRepository;
  products: ProductRepository;
  ids: IdGenerator;
}

function categoryOf(outcome: CategoryWriteOutcome): Category {
  if (outcome.ok) return outcome.category;
  if (outcome.reason === 'SLUG_TAKEN') throw Errors.slugTaken();
  if (outcome.reason === 'PARENT_NOT_FOUND') throw Errors.categoryUnknown();
  if (outcome.reason === 'CYCLE') throw Errors.categoryCycle();
  throw Errors.categoryNotFound();
}

export class CategoryService {
  constructor(private readonly deps: CategoryDeps) {}

  /** The tree, each category with the listed products in it or below it, each product counted once. */
  async tree(): Promise<CategoryNode[]> {
    const categories = await this.deps.categories.listAll();
    const counts = await this.deps.products.countListed(subtrees(categories));
    return buildTree(categories, counts);
  }

  async create(input: CategoryInput): Promise<Category> {
    return categoryOf(
      await this.deps.categories.insert({
        id: this.deps.ids.uuid(),
        name: input.name,
        slug: input.slug,
        parentId: input.parentId ?? null,
        position: input.position ?? 0,
      }),
    );
  }

  async update(id: string, patch: CategoryPatch): Promise<Category> {
    return categoryOf(await this.deps.categories.update(id, patch));
  }

  async delete(id: string): Promise<void> {
    const outcome = await this.deps.categories.delete(id);
    if (outcome === 'NOT_FOUND') throw Errors.categoryNotFound();
    if (outcome === 'HAS_CHILDREN') throw Errors.categoryHasChildren();
    if (outcome === 'HAS_PRODUCTS') throw Errors.categoryHasProducts();
  }
}
