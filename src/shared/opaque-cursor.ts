/** A paging cursor is opaque to clients: base64url of a JSON array of the position's parts. */
export const toCursor = (parts: readonly unknown[]): string =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

/** The parts a cursor holds, or null when it is not a JSON array; each caller checks their shape. */
export function partsOfCursor(cursor: string): unknown[] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}
