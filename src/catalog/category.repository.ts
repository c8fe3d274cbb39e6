import type { Category, CategoryPatch } from './category.js';

export type CategoryRefusal = 'NOT_FOUND' | 'SLUG_TAKEN' | 'PARENT_NOT_FOUND' | 'CYCLE';

export type CategoryWriteOutcome = { ok: true; category: Category } | { ok: false; reason: CategoryRefusal };

export type CategoryDeleteOutcome = 'DELETED' | 'NOT_FOUND' | 'HAS_CHILDREN' | 'HAS_PRODUCTS';

export interface CategoryRepository {
  /** Refused when the slug is taken or the parent does not exist. */
  insert(category: Category): Promise<CategoryWriteOutcome>;
  /** Writes the named fields; a new parent is checked for a loop (`wouldCycle`) in the same step. */
  update(id: string, patch: CategoryPatch): Promise<CategoryWriteOutcome>;
  /** Deletes only a category without children and without products, decided in the same step. */
  delete(id: string): Promise<CategoryDeleteOutcome>;
  listAll(): Promise<Category[]>;
}
