import type { Actor } from '../shared/actor.js';
import { Errors } from '../shared/error-catalog.js';
import type { Order } from './order.js';
import type { OrderReader } from './order.repository.js';

/** Loads an order the actor may see: its owner, or an admin unless `ownerOnly`. 404 before 403. */
export async function loadAccessibleOrder(
  orders: OrderReader,
  actor: Actor,
  orderId: string,
  { ownerOnly = false } = {},
): Promise<Order> {
  const order = await orders.findById(orderId);
  if (!order) throw Errors.orderNotFound();
  const allowed = order.userId === actor.userId || (actor.isAdmin && !ownerOnly);
  if (!allowed) throw Errors.orderForbidden();
  return order;
}

export const historyActorOf = (actor: Actor, order: Order) =>
  order.userId === actor.userId ? ('customer' as const) : ('admin' as const);
