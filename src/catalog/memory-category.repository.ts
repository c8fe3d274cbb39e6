import { type Category, type CategoryPatch, wouldCycle } from './category.js';
import type {
  CategoryDeleteOutcome,
  CategoryRepository,
  CategoryWriteOutcome,
} from './category.repository.js';

/**
 * Every method decides and writes without an `await` in between. `isUsed` is the product
 * store's own synchronous answer, so a delete and a product joining the category cannot interleave.
 */
export class MemoryCategoryRepository implements CategoryRepository {
  private readonly byId = new Map<string, Category>();

  constructor(private readonly isUsed: (categoryId: string) => boolean) {}

  /** Synchronous, for the product store's checks. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  async insert(category: Category): Promise<CategoryWriteOutcome> {
    if (this.slugTaken(category.slug)) return { ok: false, reason: 'SLUG_TAKEN' };
    if (category.parentId !== null && !this.byId.has(category.parentId))
      return { ok: false, reason: 'PARENT_NOT_FOUND' };
    this.byId.set(category.id, { ...category });
    return { ok: true, category: { ...category } };
  }

  async update(id: string, patch: CategoryPatch): Promise<CategoryWriteOutcome> {
    const category = this.byId.get(id);
    if (!category) return { ok: false, reason: 'NOT_FOUND' };
    if (patch.slug !== undefined && this.slugTaken(patch.slug, id))
      return { ok: false, reason: 'SLUG_TAKEN' };
    if (patch.parentId !== undefined && patch.parentId !== null) {
      if (!this.byId.has(patch.parentId)) return { ok: false, reason: 'PARENT_NOT_FOUND' };
      if (wouldCycle([...this.byId.values()], id, patch.parentId)) return { ok: false, reason: 'CYCLE' };
    }
    for (const [field, value] of Object.entries(patch))
      if (value !== undefined) Object.assign(category, { [field]: value });
    return { ok: true, category: { ...category } };
  }

  async delete(id: string): Promise<CategoryDeleteOutcome> {
    if (!this.byId.has(id)) return 'NOT_FOUND';
    for (const category of this.byId.values()) if (category.parentId === id) return 'HAS_CHILDREN';
    if (this.isUsed(id)) return 'HAS_PRODUCTS';
    this.byId.delete(id);
    return 'DELETED';
  }

  async listAll(): Promise<Category[]> {
    return [...this.byId.values()].map((category) => ({ ...category }));
  }

  private slugTaken(slug: string, except?: string): boolean {
    for (const category of this.byId.values())
      if (category.slug === slug && category.id !== except) return true;
    return false;
  }
}
