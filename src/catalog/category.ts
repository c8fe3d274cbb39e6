export interface Category {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  /** Order among its siblings, then by name. */
  position: number;
}

export type CategoryPatch = Partial<Pick<Category, 'name' | 'slug' | 'parentId' | 'position'>>;

export interface CategoryNode extends Category {
  /** Listed products in it or in a descendant, each counted once. */
  productCount: number;
  children: CategoryNode[];
}

const bySiblingOrder = (a: Category, b: Category): number =>
  a.position - b.position || a.name.localeCompare(b.name, 'fr') || (a.id < b.id ? -1 : 1);

/** Children of each category (roots under null), in sibling order. */
function childrenOf(categories: readonly Category[]): Map<string | null, Category[]> {
  const children = new Map<string | null, Category[]>();
  for (const category of [...categories].sort(bySiblingOrder)) {
    const siblings = children.get(category.parentId) ?? [];
    siblings.push(category);
    children.set(category.parentId, siblings);
  }
  return children;
}

/** Each category's id with those of all its descendants. */
export function subtrees(categories: readonly Category[]): Map<string, string[]> {
  const children = childrenOf(categories);
  const ids = (id: string): string[] => [id, ...(children.get(id) ?? []).flatMap((child) => ids(child.id))];
  return new Map(categories.map((category) => [category.id, ids(category.id)]));
}

/** The tree, roots first, each node with its count (`counts` per category, descendants included). */
export function buildTree(
  categories: readonly Category[],
  counts: ReadonlyMap<string, number>,
): CategoryNode[] {
  const children = childrenOf(categories);
  const node = (category: Category): CategoryNode => ({
    ...category,
    productCount: counts.get(category.id) ?? 0,
    children: (children.get(category.id) ?? []).map(node),
  });
  return (children.get(null) ?? []).map(node);
}

/**
 * True when putting `id` under `parentId` would make a loop: the new parent is the category
 * itself or one of its descendants. Both stores ask it in the same step as the move.
 */
export function wouldCycle(categories: readonly Category[], id: string, parentId: string | null): boolean {
  const parentOf = new Map(categories.map((category) => [category.id, category.parentId]));
  for (let at = parentId; at !== null; at = parentOf.get(at) ?? null) if (at === id) return true;
  return false;
}

/** What a product shows of each of its categories. */
export type CategoryRef = Pick<Category, 'id' | 'name' | 'slug'>;

/** The product's categories as shown, in its own order; ids of categories gone meanwhile are left out. */
export function categoryRefs(
  categoryIds: readonly string[],
  byId: ReadonlyMap<string, Category>,
): CategoryRef[] {
  return categoryIds.flatMap((id) => {
    const category = byId.get(id);
    return category ? [{ id: category.id, name: category.name, slug: category.slug }] : [];
  });
}
