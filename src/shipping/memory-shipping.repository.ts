import { UndoableStore } from '../database/undo-log.js';
import {
  type DeleteOutcome,
  judgeDelete,
  judgeInsert,
  judgeUpdate,
  type ShippingMethod,
  type ShippingOutcome,
  type ShippingPatch,
} from './shipping.js';
import type { ShippingRepository } from './shipping.repository.js';

/** Map order is insertion order; each write judges and applies with no await in between. */
export class MemoryShippingRepository extends UndoableStore implements ShippingRepository {
  private readonly byId = new Map<string, ShippingMethod>();

  async list(): Promise<ShippingMethod[]> {
    return [...this.byId.values()].map((method) => ({ ...method }));
  }

  async findById(id: string): Promise<ShippingMethod | null> {
    const method = this.byId.get(id);
    return method ? { ...method } : null;
  }

  async findDefault(): Promise<ShippingMethod | null> {
    for (const method of this.byId.values()) if (method.isDefault) return { ...method };
    return null;
  }

  async insert(method: ShippingMethod): Promise<ShippingOutcome> {
    const outcome = judgeInsert([...this.byId.values()], method);
    if (outcome.ok) this.write(outcome.method);
    return outcome;
  }

  async update(id: string, patch: ShippingPatch): Promise<ShippingOutcome> {
    const outcome = judgeUpdate([...this.byId.values()], id, patch);
    if (outcome.ok) this.write(outcome.method);
    return outcome;
  }

  async delete(id: string): Promise<DeleteOutcome> {
    const outcome = judgeDelete([...this.byId.values()], id);
    if (outcome.ok) {
      this.recordAll();
      this.byId.delete(id);
    }
    return outcome;
  }

  /** Stores the method; a new default takes the flag from the old one. */
  private write(method: ShippingMethod): void {
    this.recordAll();
    if (method.isDefault) for (const other of this.byId.values()) other.isDefault = false;
    this.byId.set(method.id, { ...method });
  }

  /** The table is small and admin writes are rare: the inverse of any write is the whole table as it was. */
  private recordAll(): void {
    const before = [...this.byId.values()].map((method) => ({ ...method }));
    this.undo.record(() => {
      this.byId.clear();
      for (const method of before) this.byId.set(method.id, method);
    });
  }
}
