import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_STATUSES, type OrderStatus } from '../../src/orders/order.js';
import { adminPost, adminToken, createProduct, pay, placeOrder, stockOf } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * Every action of contract §4 tried from every status, legal or not. The expected
 * answers are written out by hand from the contract, never read from `TRANSITIONS`:
 * a test that asks the code what to expect cannot catch the code being wrong.
 */
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

const STOCK = 10;
const QUANTITY = 3;

type Action = 'validate' | 'pay' | 'cancel' | 'ship' | 'deliver' | 'refund';
/** ANNULEE comes twice: cancelled before payment (nothing to refund) and after it. */
type StartingPoint = Exclude<OrderStatus, 'ANNULEE'> | 'ANNULEE (unpaid)' | 'ANNULEE (paid)';

type Outcome =
  | { to: OrderStatus; by: 'customer' | 'admin'; stock: number }
  | { refused: string; stock: number };

/** How to bring a fresh order to each starting point, through the public routes. */
const PATHS: Record<StartingPoint, Action[]> = {
  CREE: [],
  VALIDEE: ['validate'],
  PAYEE: ['pay'],
  EXPEDIEE: ['pay', 'ship'],
  LIVREE: ['pay', 'ship', 'deliver'],
  'ANNULEE (unpaid)': ['cancel'],
  'ANNULEE (paid)': ['pay', 'cancel'],
  REMBOURSEE: ['pay', 'refund'],
};

const NOT_VALIDATABLE = 'Commande introuvable ou mauvais statut.';
const NOT_PAYABLE = 'Statut de commande incompatible avec le paiement.';
const TOO_LATE = 'Trop tard pour annuler : commande expédiée.';
const ALREADY_CANCELLED = 'Commande déjà annulée.';
const NOT_PAID = 'La commande doit être payée pour être expédiée.';
const NOT_SHIPPED = 'Commande non expédiée.';
const NOT_REFUNDABLE = 'Remboursement non autorisé au statut actuel.';
const NO_PAYMENT = 'Aucun paiement initial.';

// Stock: 10 on hand before checkout, 3 units ordered; 10 again once the order has released them.
const HELD = STOCK - QUANTITY;
const RELEASED = STOCK;

/** Contract §4, one row per starting point, one column per action. */
const TABLE: Record<StartingPoint, Record<Action, Outcome>> = {
  CREE: {
    validate: { to: 'VALIDEE', by: 'admin', stock: HELD },
    pay: { to: 'PAYEE', by: 'customer', stock: HELD },
    cancel: { to: 'ANNULEE', by: 'customer', stock: RELEASED },
    ship: { refused: NOT_PAID, stock: HELD },
    deliver: { refused: NOT_SHIPPED, stock: HELD },
    refund: { refused: NOT_REFUNDABLE, stock: HELD },
  },
  VALIDEE: {
    validate: { refused: NOT_VALIDATABLE, stock: HELD },
    pay: { to: 'PAYEE', by: 'customer', stock: HELD },
    cancel: { to: 'ANNULEE', by: 'customer', stock: RELEASED },
    ship: { refused: NOT_PAID, stock: HELD },
    deliver: { refused: NOT_SHIPPED, stock: HELD },
    refund: { refused: NOT_REFUNDABLE, stock: HELD },
  },
  PAYEE: {
    validate: { refused: NOT_VALIDATABLE, stock: HELD },
    pay: { refused: NOT_PAYABLE, stock: HELD },
    cancel: { to: 'ANNULEE', by: 'customer', stock: RELEASED },
    ship: { to: 'EXPEDIEE', by: 'admin', stock: HELD },
    deliver: { refused: NOT_SHIPPED, stock: HELD },
    refund: { to: 'REMBOURSEE', by: 'admin', stock: RELEASED },
  },
  EXPEDIEE: {
    validate: { refused: NOT_VALIDATABLE, stock: HELD },
    pay: { refused: NOT_PAYABLE, stock: HELD },
    cancel: { refused: TOO_LATE, stock: HELD },
    ship: { refused: NOT_PAID, stock: HELD },
    deliver: { to: 'LIVREE', by: 'admin', stock: HELD },
    refund: { refused: NOT_REFUNDABLE, stock: HELD },
  },
  LIVREE: {
    validate: { refused: NOT_VALIDATABLE, stock: HELD },
    pay: { refused: NOT_PAYABLE, stock: HELD },
    cancel: { refused: TOO_LATE, stock: HELD },
    ship: { refused: NOT_PAID, stock: HELD },
    deliver: { refused: NOT_SHIPPED, stock: HELD },
    refund: { refused: NOT_REFUNDABLE, stock: HELD },
  },
  'ANNULEE (unpaid)': {
    validate: { refused: NOT_VALIDATABLE, stock: RELEASED },
    pay: { refused: NOT_PAYABLE, stock: RELEASED },
    cancel: { refused: ALREADY_CANCELLED, stock: RELEASED },
    ship: { refused: NOT_PAID, stock: RELEASED },
    deliver: { refused: NOT_SHIPPED, stock: RELEASED },
    refund: { refused: NO_PAYMENT, stock: RELEASED },
  },
  'ANNULEE (paid)': {
    validate: { refused: NOT_VALIDATABLE, stock: RELEASED },
    pay: { refused: NOT_PAYABLE, stock: RELEASED },
    cancel: { refused: ALREADY_CANCELLED, stock: RELEASED },
    ship: { refused: NOT_PAID, stock: RELEASED },
    deliver: { refused: NOT_SHIPPED, stock: RELEASED },
    // Released by the cancel; the refund must not release it a second time.
    refund: { to: 'REMBOURSEE', by: 'admin', stock: RELEASED },
  },
  REMBOURSEE: {
    validate: { refused: NOT_VALIDATABLE, stock: RELEASED },
    pay: { refused: NOT_PAYABLE, stock: RELEASED },
    cancel: { refused: ALREADY_CANCELLED, stock: RELEASED },
    ship: { refused: NOT_PAID, stock: RELEASED },
    deliver: { refused: NOT_SHIPPED, stock: RELEASED },
    refund: { refused: NOT_REFUNDABLE, stock: RELEASED },
  },
};

/** The status each path step leads to, for the expected history. */
const STEP_TO: Record<Action, OrderStatus> = {
  validate: 'VALIDEE',
  pay: 'PAYEE',
  cancel: 'ANNULEE',
  ship: 'EXPEDIEE',
  deliver: 'LIVREE',
  refund: 'REMBOURSEE',
};

async function act(action: Action, token: string, orderId: string) {
  if (action === 'pay') return pay(t.app, token, orderId);
  if (action === 'cancel') {
    return t.app.inject({
      method: 'POST',
      url: '/api/orders/cancel',
      headers: bearer(token),
      payload: { order_id: orderId },
    });
  }
  return adminPost(t.app, admin, `/orders/${action}`, { order_id: orderId });
}

const cases = (Object.keys(TABLE) as StartingPoint[]).flatMap((start) =>
  (Object.keys(TABLE[start]) as Action[]).map((action) => [start, action] as const),
);

describe('order state machine (contract §4)', () => {
  it('covers every status and every action', () => {
    expect(new Set(Object.keys(TABLE).map((s) => s.replace(/ \(.*\)$/, '')))).toEqual(
      new Set(ORDER_STATUSES),
    );
    expect(cases).toHaveLength(8 * 6);
  });

  it.each(cases)('from %s, %s', async (start, action) => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: STOCK });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: QUANTITY }]);
    for (const step of PATHS[start]) expect((await act(step, token, order.id)).statusCode).toBe(200);
    const pathHistory = ['CREE', ...PATHS[start].map((step) => STEP_TO[step])];

    const before = await t.ctx.repos.orders.findById(order.id);
    if (!before) throw new Error('order vanished');
    expect(before.history.map((entry) => entry.status)).toEqual(pathHistory);

    const res = await act(action, token, order.id);
    const after = await t.ctx.repos.orders.findById(order.id);
    if (!after) throw new Error('order vanished');
    const expected = TABLE[start][action];

    if ('to' in expected) {
      expect(res.statusCode).toBe(200);
      expect(after.status).toBe(expected.to);
      expect(after.history.map((entry) => entry.status)).toEqual([...pathHistory, expected.to]);
      expect(after.history.at(-1)?.actor).toBe(expected.by);
    } else {
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ detail: expected.refused });
      expect(after).toEqual(before);
    }
    expect(await stockOf(t, product.id)).toBe(expected.stock);
  });
});
