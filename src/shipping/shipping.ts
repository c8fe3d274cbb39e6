import type { ShippingPrice } from '../pricing/totals.js';

/** A way to deliver an order, priced VAT included, as the shop offers it. */
export interface ShippingMethod {
  id: string;
  /** Unique, lower-case: a stable name for programs (`colissimo`). */
  code: string;
  name: string;
  priceCents: number;
  /** Free once the goods, discount taken off, cost at least this much; null: never free. */
  freeFromCents: number | null;
  deliveryDays: number;
  active: boolean;
  /** Exactly one method is the default whenever there is any: the one a checkout without a choice gets. */
  isDefault: boolean;
  createdAt: number;
}

export type ShippingPatch = Partial<Omit<ShippingMethod, 'id' | 'createdAt'>>;

export type ShippingRefusal = 'NOT_FOUND' | 'CODE_TAKEN' | 'DEFAULT_REQUIRED' | 'DEFAULT_INACTIVE';

export type ShippingOutcome = { ok: true; method: ShippingMethod } | { ok: false; reason: ShippingRefusal };

export type DeleteOutcome =
  | { ok: true }
  | { ok: false; reason: Extract<ShippingRefusal, 'NOT_FOUND' | 'DEFAULT_REQUIRED'> };

/** What the pricing needs of a method. */
export const shippingPriceOf = (method: ShippingMethod): ShippingPrice => ({
  priceCents: method.priceCents,
  freeFromCents: method.freeFromCents,
});

/*
 * The rules of "exactly one default", as pure judgements over every method stored now. Both
 * stores call them with nothing able to change the methods in between (memory: no await;
 * PostgreSQL: the table locked for the transaction), then write what they return. When the
 * method returned is the default, the store clears the flag on every other method.
 */

const codeTaken = (methods: readonly ShippingMethod[], code: string, exceptId: string | null): boolean =>
  methods.some((other) => other.code === code && other.id !== exceptId);

/** A new method is the default when asked or when there is none yet; a default must be active. */
export function judgeInsert(methods: readonly ShippingMethod[], method: ShippingMethod): ShippingOutcome {
  // Ids are fresh UUIDs: a reused one is a bug of the caller, refused in both stores alike.
  if (methods.some((other) => other.id === method.id)) throw new Error(`shipping method ${method.id} exists`);
  if (codeTaken(methods, method.code, null)) return { ok: false, reason: 'CODE_TAKEN' };
  const isDefault = method.isDefault || !methods.some((other) => other.isDefault);
  if (isDefault && !method.active) return { ok: false, reason: 'DEFAULT_INACTIVE' };
  return { ok: true, method: { ...method, isDefault } };
}

/**
 * The default stays the default until another takes its place: it cannot be unset,
 * deactivated or deleted. Making a method the default moves the flag to it.
 */
export function judgeUpdate(
  methods: readonly ShippingMethod[],
  id: string,
  patch: ShippingPatch,
): ShippingOutcome {
  const current = methods.find((method) => method.id === id);
  if (!current) return { ok: false, reason: 'NOT_FOUND' };
  if (patch.code !== undefined && codeTaken(methods, patch.code, id))
    return { ok: false, reason: 'CODE_TAKEN' };
  const next: ShippingMethod = { ...current, ...definedFields(patch) };
  if (current.isDefault && (!next.isDefault || !next.active))
    return { ok: false, reason: 'DEFAULT_REQUIRED' };
  if (next.isDefault && !next.active) return { ok: false, reason: 'DEFAULT_INACTIVE' };
  return { ok: true, method: next };
}

export function judgeDelete(methods: readonly ShippingMethod[], id: string): DeleteOutcome {
  const current = methods.find((method) => method.id === id);
  if (!current) return { ok: false, reason: 'NOT_FOUND' };
  if (current.isDefault) return { ok: false, reason: 'DEFAULT_REQUIRED' };
  return { ok: true };
}

/** A patch's absent fields change nothing (an explicit null free_from_cents does). */
function definedFields(patch: ShippingPatch): ShippingPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
