export const ORDER_STATUSES = [
  'CREE',
  'VALIDEE',
  'PAYEE',
  'EXPEDIEE',
  'LIVREE',
  'ANNULEE',
  'REMBOURSEE',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Who made a status change: the customer, an admin, or the system (an unpaid order expiring). */
export const HISTORY_ACTORS = ['customer', 'admin', 'system'] as const;
export type HistoryActor = (typeof HISTORY_ACTORS)[number];

export interface HistoryEntry {
  status: OrderStatus;
  at: number;
  actor: HistoryActor;
}

export interface OrderItem {
  productId: string;
  /** The variant sold, with its SKU and option values as they were at checkout. */
  variantId: string;
  sku: string;
  options: Record<string, string>;
  /** Name and price are snapshots taken at checkout: later catalogue edits do not rewrite orders. */
  name: string;
  unitPriceCents: number;
  quantity: number;
  imageUrl: string | null;
}

export const DELIVERY_STATUSES = ['PREPAREE', 'EN_COURS', 'LIVREE'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  id: string;
  carrier: string;
  trackingNumber: string;
  address: string;
  status: DeliveryStatus;
}

export interface Order {
  id: string;
  userId: string;
  items: OrderItem[];
  status: OrderStatus;
  totalCents: number;
  shippingAddress: string | null;
  createdAt: number;
  validatedAt: number | null;
  paidAt: number | null;
  shippedAt: number | null;
  deliveredAt: number | null;
  cancelledAt: number | null;
  refundedAt: number | null;
  delivery: Delivery | null;
  invoiceId: string | null;
  paymentId: string | null;
  refundedCents: number;
  /**
   * Set while a charge is with the gateway, so a concurrent cancel or second payment
   * waits its turn; a claim past this time (epoch ms) was left by a process that died.
   */
  paymentClaimedUntil: number | null;
  history: HistoryEntry[];
}

/** Names of the refusals in src/shared/error-catalog.ts that a refused move may answer. */
export type RefusalName =
  | 'validateRefused'
  | 'orderNotPayable'
  | 'cancelTooLate'
  | 'alreadyCancelled'
  | 'paymentInProgress'
  | 'shipRefused'
  | 'deliverRefused'
  | 'refundBadStatus';

interface Transition {
  from: readonly OrderStatus[];
  to: OrderStatus;
  actor: HistoryActor;
  /** Why the move is refused from a status outside `from`; `otherwise` covers the rest (a move that lost a race). */
  refusals: Partial<Record<OrderStatus, RefusalName>> & { otherwise: RefusalName };
}

/**
 * The order lifecycle of docs/http-api.md as data: which action moves an order from which
 * statuses to which status, and what a refused move answers. The services check moves
 * against it and the tests enumerate it.
 */
export const TRANSITIONS = {
  validate: { from: ['CREE'], to: 'VALIDEE', actor: 'admin', refusals: { otherwise: 'validateRefused' } },
  pay: {
    from: ['CREE', 'VALIDEE'],
    to: 'PAYEE',
    actor: 'customer',
    refusals: { otherwise: 'orderNotPayable' },
  },
  cancel: {
    from: ['CREE', 'VALIDEE', 'PAYEE'],
    to: 'ANNULEE',
    actor: 'customer',
    refusals: {
      EXPEDIEE: 'cancelTooLate',
      LIVREE: 'cancelTooLate',
      ANNULEE: 'alreadyCancelled',
      REMBOURSEE: 'alreadyCancelled',
      // Still cancellable by status: what stopped it is a charge with the gateway.
      otherwise: 'paymentInProgress',
    },
  },
  ship: { from: ['PAYEE'], to: 'EXPEDIEE', actor: 'admin', refusals: { otherwise: 'shipRefused' } },
  deliver: { from: ['EXPEDIEE'], to: 'LIVREE', actor: 'admin', refusals: { otherwise: 'deliverRefused' } },
  refund: {
    from: ['PAYEE', 'ANNULEE'],
    to: 'REMBOURSEE',
    actor: 'admin',
    refusals: { otherwise: 'refundBadStatus' },
  },
  /**
   * The system cancels an order left unpaid past its time (issue 12: inventory hoarding).
   * Never answered over HTTP: a sweep that loses the move (paid, cancelled, expired by
   * another instance, payment in flight) skips the order.
   */
  expire: {
    from: ['CREE', 'VALIDEE'],
    to: 'ANNULEE',
    actor: 'system',
    refusals: { otherwise: 'orderNotPayable' },
  },
} as const satisfies Record<string, Transition>;

/** The refusal a move of `action` gets when the order is at `status` (or gone). */
export function refusalOf(action: OrderAction, status: OrderStatus | undefined): RefusalName {
  const refusals: Transition['refusals'] = TRANSITIONS[action].refusals;
  return (status !== undefined ? refusals[status] : undefined) ?? refusals.otherwise;
}

export type OrderAction = keyof typeof TRANSITIONS;

/** Orders in these statuses no longer hold their units: they went back to stock exactly once. */
export const STOCK_RELEASED_STATUSES: readonly OrderStatus[] = ['ANNULEE', 'REMBOURSEE'];

/** The timestamp field each status sets when an order enters it. */
export const STATUS_TIMESTAMP = {
  CREE: 'createdAt',
  VALIDEE: 'validatedAt',
  PAYEE: 'paidAt',
  EXPEDIEE: 'shippedAt',
  LIVREE: 'deliveredAt',
  ANNULEE: 'cancelledAt',
  REMBOURSEE: 'refundedAt',
} as const satisfies Record<OrderStatus, keyof Order>;

/** The stock an order holds, per variant. */
export const orderLines = (order: Pick<Order, 'items'>) =>
  order.items.map(({ variantId, quantity }) => ({ variantId, quantity }));

export const paymentInProgress = (order: Pick<Order, 'paymentClaimedUntil'>, now: number): boolean =>
  order.paymentClaimedUntil !== null && order.paymentClaimedUntil > now;

export const refundableCents = (order: Pick<Order, 'paymentId' | 'totalCents' | 'refundedCents'>): number =>
  order.paymentId === null ? 0 : order.totalCents - order.refundedCents;

/** A freshly checked-out order: status CREE, nothing paid, shipped or refunded yet. */
export function newOrder(fields: {
  id: string;
  userId: string;
  items: OrderItem[];
  shippingAddress: string | null;
  at: number;
}): Order {
  return {
    id: fields.id,
    userId: fields.userId,
    items: fields.items,
    status: 'CREE',
    totalCents: fields.items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0),
    shippingAddress: fields.shippingAddress,
    createdAt: fields.at,
    validatedAt: null,
    paidAt: null,
    shippedAt: null,
    deliveredAt: null,
    cancelledAt: null,
    refundedAt: null,
    delivery: null,
    invoiceId: null,
    paymentId: null,
    refundedCents: 0,
    paymentClaimedUntil: null,
    history: [{ status: 'CREE', at: fields.at, actor: 'customer' }],
  };
}
