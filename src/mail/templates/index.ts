import type { z } from 'zod';
import {
  emailChange,
  emailChangeNotice,
  passwordChanged,
  passwordForgot,
  verifyEmail,
} from './account.templates.js';
import type { RenderedMail, Shop } from './layout.js';
import {
  orderCancelled,
  orderConfirmed,
  orderDelivered,
  orderRefunded,
  orderShipped,
  paymentReceived,
} from './order.templates.js';
import { supportReply } from './support.templates.js';
import type { MailTemplate } from './template.js';

/** Every mail the shop sends, by the name its outbox rows carry. */
export const TEMPLATES = {
  verify_email: verifyEmail,
  email_change: emailChange,
  email_change_notice: emailChangeNotice,
  password_forgot: passwordForgot,
  password_changed: passwordChanged,
  order_confirmed: orderConfirmed,
  payment_received: paymentReceived,
  order_shipped: orderShipped,
  order_delivered: orderDelivered,
  order_refunded: orderRefunded,
  order_cancelled: orderCancelled,
  support_reply: supportReply,
} as const satisfies Record<string, MailTemplate>;

export type TemplateName = keyof typeof TEMPLATES;
export type TemplateData<N extends TemplateName> = z.input<(typeof TEMPLATES)[N]['data']>;

export class UnknownTemplateError extends Error {}

/** Renders a stored row; data that no longer fits its template throws (the mail then fails, with why). */
export function renderMail(template: string, data: unknown, shop: Shop): RenderedMail {
  const entry = (TEMPLATES as Record<string, MailTemplate>)[template];
  if (!entry) throw new UnknownTemplateError(`unknown mail template ${template}`);
  return entry.render(entry.data.parse(data), shop);
}
