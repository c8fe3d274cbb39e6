import { partsOfCursor, toCursor } from '../shared/opaque-cursor.js';

/** A customer's orders are read a page at a time, so no one customer's history can fill a response. */
export const ORDER_PAGE_DEFAULT = 50;
export const ORDER_PAGE_MAX = 100;

/**
 * Where the previous page ended: the store's own creation rank of its last order
 * (PostgreSQL's `seq`, the memory store's rank among the customer's orders). Ranks only
 * grow, so orders added between two reads come after, never twice nor in a gap.
 */
export type OrderPosition = number;

export interface OrderPageRequest {
  limit: number;
  /** Start right after this position; the first page when absent. */
  after?: OrderPosition;
}

export interface OrderPage<T> {
  items: T[];
  /** Set when more orders follow this page. */
  next: OrderPosition | null;
}

/** Tells an orders cursor from a catalogue one, which shares the encoding. */
const CURSOR_TAG = 'orders';

export const encodeOrderCursor = (position: OrderPosition): string => toCursor([CURSOR_TAG, position]);

/** Null unless this API could have issued the cursor, so no forged value reaches a store. */
export function decodeOrderCursor(cursor: string): OrderPosition | null {
  const parts = partsOfCursor(cursor);
  if (parts === null || parts.length !== 2 || parts[0] !== CURSOR_TAG) return null;
  const position: unknown = parts[1];
  return Number.isSafeInteger(position) && (position as number) > 0 ? (position as number) : null;
}
