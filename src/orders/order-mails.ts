import type { User } from '../auth/user.js';
import type { UserRepository } from '../auth/user.repository.js';
import type { MailFactory } from '../mail/new-mail.js';
import type { OutboxRepository } from '../mail/outbox.repository.js';
import type { Order } from './order.js';

/**
 * The mails an order's moves cause (issue 26), each written by the caller inside the unit
 * of the move, to the customer's address as it stands then. A customer gone meanwhile gets none.
 */
export async function mailCustomer(
  stores: { users: Pick<UserRepository, 'findById'>; outbox: OutboxRepository },
  order: Pick<Order, 'userId'>,
  write: (customer: User) => ReturnType<MailFactory['of']>,
): Promise<void> {
  const customer = await stores.users.findById(order.userId);
  if (customer) await stores.outbox.enqueue(write(customer));
}

export const orderRef = (order: Pick<Order, 'id'>, customer: Pick<User, 'firstName'>) => ({
  firstName: customer.firstName,
  orderId: order.id,
});
