import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ORDER_STATUSES,
  type OrderAction,
  type OrderStatus,
  STOCK_RELEASED_STATUSES,
  TRANSITIONS,
} from '../../src/domain/order.js';
import { adminPost, adminToken, createProduct, pay, placeOrder, stockOf } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

/**
 * Every action of contract §4 tried from every status, legal or not, with the
 * expectations derived from the transition table itself.
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

type StartingPoint = OrderStatus | 'ANNULEE_PAYEE';
/** The moves a request makes; `expire` is the system's, tested in unpaid-expiry.test.ts. */
type HttpAction = Exclude<OrderAction, 'expire'>;

/** How to bring a fresh order to each status, through the public routes. */
const PATHS: Record<StartingPoint, HttpAction[]> = {
  CREE: [],
  VALIDEE: ['validate'],
  PAYEE: ['pay'],
  EXPEDIEE: ['pay', 'ship'],
  LIVREE: ['pay', 'ship', 'deliver'],
  ANNULEE: ['cancel'],
  ANNULEE_PAYEE: ['pay', 'cancel'],
  REMBOURSEE: ['pay', 'refund'],
};

const REFUSALS: Record<HttpAction, (from: OrderStatus, paid: boolean) => string> = {
  validate: () => 'Commande introuvable ou mauvais statut.',
  pay: () => 'Statut de commande incompatible avec le paiement.',
  cancel: (from) =>
    from === 'EXPEDIEE' || from === 'LIVREE'
      ? 'Trop tard pour annuler : commande expédiée.'
      : 'Commande déjà annulée.',
  ship: () => 'La commande doit être payée pour être expédiée.',
  deliver: () => 'Commande non expédiée.',
  refund: (from, paid) =>
    from === 'ANNULEE' && !paid ? 'Aucun paiement initial.' : 'Remboursement non autorisé au statut actuel.',
};

async function act(action: HttpAction, token: string, orderId: string) {
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

const isLegal = (action: HttpAction, from: OrderStatus, paid: boolean) =>
  (TRANSITIONS[action].from as readonly OrderStatus[]).includes(from) && !(action === 'refund' && !paid);

const cases = (Object.keys(PATHS) as StartingPoint[]).flatMap((start) =>
  (Object.keys(TRANSITIONS) as OrderAction[])
    .filter((action): action is HttpAction => action !== 'expire')
    .map((action) => [start, action] as const),
);

describe('order state machine (contract §4)', () => {
  it('covers every status', () => {
    expect(new Set(Object.keys(PATHS).map((s) => (s === 'ANNULEE_PAYEE' ? 'ANNULEE' : s)))).toEqual(
      new Set(ORDER_STATUSES),
    );
  });

  it.each(cases)('from %s, %s', async (start, action) => {
    const { token } = await registerUser(t.app);
    const product = await createProduct(t, { stockQty: STOCK });
    const order = await placeOrder(t.app, token, [{ productId: product.id, quantity: QUANTITY }]);
    for (const step of PATHS[start]) expect((await act(step, token, order.id)).statusCode).toBe(200);

    const before = await t.ctx.repos.orders.findById(order.id);
    if (!before) throw new Error('order vanished');
    const from = before.status;
    const paid = before.paymentId !== null;
    const res = await act(action, token, order.id);
    const after = await t.ctx.repos.orders.findById(order.id);
    if (!after) throw new Error('order vanished');

    if (isLegal(action, from, paid)) {
      expect(res.statusCode).toBe(200);
      expect(after.status).toBe(TRANSITIONS[action].to);
      expect(after.history.at(-1)).toMatchObject({
        status: TRANSITIONS[action].to,
        actor: TRANSITIONS[action].actor,
      });
    } else {
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ detail: REFUSALS[action](from, paid) });
      expect(after).toEqual(before);
    }
    // Stock is held exactly while the order is neither ANNULEE nor REMBOURSEE.
    const held = STOCK_RELEASED_STATUSES.includes(after.status) ? 0 : QUANTITY;
    expect(await stockOf(t, product.id)).toBe(STOCK - held);
    // The history is a path through the table.
    for (let i = 1; i < after.history.length; i += 1) {
      const [prev, next] = [after.history[i - 1]?.status, after.history[i]?.status];
      const legalStep = Object.values(TRANSITIONS).some(
        (tr) => tr.to === next && (tr.from as readonly string[]).includes(prev ?? ''),
      );
      expect(legalStep, `${prev} → ${next}`).toBe(true);
    }
  });
});
