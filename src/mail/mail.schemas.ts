import { z } from 'zod';
import { AdminPageQuerySchema, apiSchemas } from '../platform/schemas.js';
import { toEpochSeconds } from '../shared/clock.js';
import { MAIL_STATUSES } from './outbox.js';
import type { MailSummary } from './outbox.service.js';

export const AdminEmailQuerySchema = AdminPageQuerySchema.extend({
  status: z
    .enum(MAIL_STATUSES)
    .optional()
    .describe('pending (à envoyer), sent (envoyé) ou failed (abandonné)'),
});

/** An allow-list: never the body nor the template's data (a link's token may be in them). */
export const EmailResponseSchema = z
  .object({
    id: z.string(),
    template: z.string(),
    recipient: z.string(),
    subject: z.string(),
    status: z.enum(MAIL_STATUSES),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    next_attempt_at: z.number().nullable().describe('Prochain essai (secondes epoch), null sauf en attente'),
    created_at: z.number(),
    sent_at: z.number().nullable(),
  })
  .meta({
    example: {
      id: '5f0c3f8e-4a1b-4a53-9a51-1f6f1a1b2c3d',
      template: 'order_confirmed',
      recipient: 'alice@example.com',
      subject: 'Commande 5F0C3F8E confirmée — La Boutique',
      status: 'failed',
      attempts: 28,
      last_error: 'connect ECONNREFUSED 127.0.0.1:587',
      next_attempt_at: null,
      created_at: 1768471200,
      sent_at: null,
    },
  });

export const EmailListResponseSchema = z.object({ emails: z.array(EmailResponseSchema), total: z.number() });

export type EmailResponse = z.infer<typeof EmailResponseSchema>;

export const toEmailResponse = (mail: MailSummary): EmailResponse => ({
  id: mail.id,
  template: mail.template,
  recipient: mail.recipient,
  subject: mail.subject,
  status: mail.status,
  attempts: mail.attempts,
  last_error: mail.lastError,
  next_attempt_at: mail.status === 'pending' ? toEpochSeconds(mail.nextAttemptAt) : null,
  created_at: toEpochSeconds(mail.createdAt),
  sent_at: mail.sentAt === null ? null : toEpochSeconds(mail.sentAt),
});

apiSchemas.add(EmailResponseSchema, { id: 'Email' });
