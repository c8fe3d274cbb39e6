import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { AppError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import type { ShippingMethod, ShippingPatch, ShippingRefusal } from './shipping.js';
import type { ShippingRepository } from './shipping.repository.js';

export type NewShippingMethod = Omit<ShippingMethod, 'id' | 'createdAt'>;

interface ShippingDeps {
  methods: ShippingRepository;
  ids: IdGenerator;
  clock: Clock;
}

const refusals: Record<ShippingRefusal, () => AppError> = {
  NOT_FOUND: () => Errors.shippingMethodNotFound(),
  CODE_TAKEN: () => Errors.shippingCodeTaken(),
  DEFAULT_REQUIRED: () => Errors.shippingDefaultRequired(),
  DEFAULT_INACTIVE: () => Errors.shippingDefaultInactive(),
};

export class ShippingService {
  constructor(private readonly deps: ShippingDeps) {}

  /** What a customer may choose, oldest first. */
  async listActive(): Promise<ShippingMethod[]> {
    return (await this.deps.methods.list()).filter((method) => method.active);
  }

  listAll(): Promise<ShippingMethod[]> {
    return this.deps.methods.list();
  }

  async create(input: NewShippingMethod): Promise<ShippingMethod> {
    const method = { ...input, id: this.deps.ids.uuid(), createdAt: this.deps.clock.now() };
    const outcome = await this.deps.methods.insert(method);
    if (!outcome.ok) throw refusals[outcome.reason]();
    return outcome.method;
  }

  async update(id: string, patch: ShippingPatch): Promise<ShippingMethod> {
    const outcome = await this.deps.methods.update(id, patch);
    if (!outcome.ok) throw refusals[outcome.reason]();
    return outcome.method;
  }

  async delete(id: string): Promise<void> {
    const outcome = await this.deps.methods.delete(id);
    if (!outcome.ok) throw refusals[outcome.reason]();
  }

  /**
   * The method a checkout ships with: the one chosen, which must exist and be active, or the
   * default when none is chosen (the original SPA never chooses). Null only while the shop
   * has no method at all: delivery is then free, as it was before shipping methods existed.
   */
  async methodForCheckout(id: string | undefined): Promise<ShippingMethod | null> {
    if (id === undefined) return this.deps.methods.findDefault();
    const method = await this.deps.methods.findById(id);
    if (!method?.active) throw Errors.shippingMethodUnavailable();
    return method;
  }
}
