/**
 * The constraint a statement broke, when it broke a unique or foreign key one (SQLSTATE 23505,
 * 23503): the stores turn those into refusals the rules name (a SKU taken, an unknown category),
 * since the constraint, not a read before the write, is what holds them under concurrency.
 */
export function violatedConstraint(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const { code, constraint_name: name } = err as { code?: unknown; constraint_name?: unknown };
  return (code === '23505' || code === '23503') && typeof name === 'string' ? name : null;
}
