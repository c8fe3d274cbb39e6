import type { UnitOfWork } from '../database/unit-of-work.js';
import type { ChargeSettlement } from '../orders/charge-settlement.js';
import type { OrderRepository, TransitionRequest } from '../orders/order.repository.js';
import type { OrderPlacement } from '../orders/order-placement.js';
import type {
  IdempotencyRepository,
  KeyAnswers,
  ResultSeal,
} from '../platform/idempotency/idempotency.repository.js';
import type { Metrics } from '../platform/metrics/metrics.js';
import type { AllUnitStores, Stores } from './stores.js';

/** A counter increment, held until the unit that caused it has committed. */
type Tally = () => void;

/**
 * `target` with some methods replaced. A Proxy rather than a copy or `Object.create`: every other
 * method runs on the store itself (its `this`, its fields), whatever its class keeps inside.
 */
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(store, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(store, property, store);
      return typeof value === 'function' ? value.bind(store) : value;
    },
  });
}

/**
 * The same stores, counting for /metrics what they did: orders placed and moved, charges by
 * outcome, refunds, unpaid orders expired, Idempotency-Keys in progress. Counting at the
 * stores' ports, the one place every service's writes pass, keeps the services unaware of
 * metrics; a write inside a unit of work is counted only once its unit committed.
 */
export function instrumentedStores(stores: Stores, metrics: Metrics): Stores {
  const transitioned =
    (request: TransitionRequest): Tally =>
    () => {
      metrics.orderTransitions.inc({ to: request.to, actor: request.actor });
      if (request.actor === 'system' && request.to === 'ANNULEE') metrics.unpaidExpired.inc();
    };
  const refunded =
    (amountCents: number): Tally =>
    () => {
      metrics.refunds.inc();
      metrics.refundedCents.inc(amountCents);
    };

  /** The order store, its counted writes handed to `tally` (at once outside a unit). */
  const countingOrders = (orders: OrderRepository, tally: (count: Tally) => void): OrderRepository =>
    overriding(orders, {
      async transition(id: string, request: TransitionRequest) {
        const outcome = await orders.transition(id, request);
        if (outcome.ok) tally(transitioned(request));
        return outcome;
      },
      async recordRefund(id: string, request: Parameters<OrderRepository['recordRefund']>[1]) {
        const outcome = await orders.recordRefund(id, request);
        if (outcome.ok) tally(refunded(outcome.amountCents));
        return outcome;
      },
    });

  const now = (count: Tally) => count();

  /** A sealed answer ends its key's request as `complete` would (the key is no longer in progress). */
  const counted = (keys: KeyAnswers): KeyAnswers => ({
    async seal(key, holder, response, expiresAt) {
      await keys.seal(key, holder, response, expiresAt);
      metrics.keyEnded(`${key}\u0000${holder}`);
    },
  });
  const countedSeal = <T>(seal: ResultSeal<T> | undefined): ResultSeal<T> | undefined =>
    seal && ((result, keys) => seal(result, counted(keys)));

  const unitOfWork: UnitOfWork<AllUnitStores> = {
    async run(work) {
      const pending: Tally[] = [];
      const result = await stores.unitOfWork.run((inUnit: AllUnitStores) =>
        work({
          ...inUnit,
          orders: countingOrders(inUnit.orders, (count) => pending.push(count)),
          idempotency: counted(inUnit.idempotency),
        }),
      );
      for (const count of pending) count();
      return result;
    },
  };

  const placement: OrderPlacement = {
    async place(draft, seal) {
      const outcome = await stores.placement.place(draft, countedSeal(seal));
      if (outcome.ok) metrics.orderTransitions.inc({ to: outcome.order.status, actor: 'customer' });
      return outcome;
    },
  };

  const charges: ChargeSettlement = {
    async record(charge, paid, seal) {
      const settled = await stores.charges.record(charge, paid, countedSeal(seal));
      if (charge.kind === 'charge') {
        // "late": approved by the gateway after the order left the payable statuses (given back).
        const outcome = !charge.succeeded ? 'declined' : paid && !settled ? 'late' : 'approved';
        metrics.payments.inc({ outcome });
      }
      if (paid && settled) transitioned(paid.move)();
      return settled;
    },
  };

  const keys = stores.repos.idempotency;
  const idempotency = overriding<IdempotencyRepository>(keys, {
    async begin(...args: Parameters<IdempotencyRepository['begin']>) {
      const outcome = await keys.begin(...args);
      const [key, , holder, , leaseUntil] = args;
      if (outcome.state === 'started') metrics.keyBegun(`${key}\u0000${holder}`, leaseUntil);
      return outcome;
    },
    async complete(...args: Parameters<IdempotencyRepository['complete']>) {
      try {
        return await keys.complete(...args);
      } finally {
        metrics.keyEnded(`${args[0]}\u0000${args[1]}`);
      }
    },
    async abandon(...args: Parameters<IdempotencyRepository['abandon']>) {
      try {
        return await keys.abandon(...args);
      } finally {
        metrics.keyEnded(`${args[0]}\u0000${args[1]}`);
      }
    },
  });

  return {
    ...stores,
    repos: { ...stores.repos, orders: countingOrders(stores.repos.orders, now), idempotency },
    unitOfWork,
    placement,
    charges,
  };
}
