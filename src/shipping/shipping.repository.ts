import type { DeleteOutcome, ShippingMethod, ShippingOutcome, ShippingPatch } from './shipping.js';

/**
 * The shipping methods, oldest first. Every write judges the change against all methods
 * with the rules of `shipping.ts` and applies it in one step, so exactly one method is the
 * default whenever there is any, whatever writes race.
 */
export interface ShippingRepository {
  list(): Promise<ShippingMethod[]>;
  findById(id: string): Promise<ShippingMethod | null>;
  /** Null only when there is no method at all. */
  findDefault(): Promise<ShippingMethod | null>;
  insert(method: ShippingMethod): Promise<ShippingOutcome>;
  update(id: string, patch: ShippingPatch): Promise<ShippingOutcome>;
  delete(id: string): Promise<DeleteOutcome>;
}
