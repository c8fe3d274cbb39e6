/** A page of a list read with LIMIT/OFFSET: at most `limit` items after skipping `offset`. */
export interface PageRequest {
  limit: number;
  offset: number;
}

/** The items of one page, and how many the whole filtered list holds. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** One pass over `all`: counts what `keep` accepts, copies only the page's items. */
export function pageOf<T>(all: Iterable<T>, keep: (item: T) => boolean, page: PageRequest): Page<T> {
  const items: T[] = [];
  let total = 0;
  for (const item of all) {
    if (!keep(item)) continue;
    if (total >= page.offset && items.length < page.limit) items.push(structuredClone(item));
    total += 1;
  }
  return { items, total };
}
