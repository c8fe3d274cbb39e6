import { z } from 'zod';
import { AdminPageQuerySchema, apiSchemas, IdSchema, MAX, QueryBoolean } from '../platform/schemas.js';
import { toEpochSeconds } from '../shared/clock.js';
import type { SupportThread } from './support.js';

// Minimum lengths are checked by the service, which answers with the contract's 400 messages.
const trimmedUpTo = (max: number) => z.string().trim().max(max);

export const NewThreadBodySchema = z.object({
  subject: trimmedUpTo(MAX.name),
  initial_message: trimmedUpTo(MAX.text),
  /** null or "" means "about no order". */
  order_id: IdSchema.or(z.literal('')).nullish(),
});

export const MessageBodySchema = z.object({ body: trimmedUpTo(MAX.text) });

const SupportMessageResponseSchema = z.object({
  id: z.string(),
  thread_id: z.string(),
  author_user_id: z.string().nullable(),
  author_name: z.string(),
  body: z.string(),
  created_at: z.number(),
});

export const ThreadResponseSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  order_id: z.string().nullable(),
  subject: z.string(),
  messages: z.array(SupportMessageResponseSchema),
  closed: z.boolean(),
});

export const ThreadListResponseSchema = z.object({ threads: z.array(ThreadResponseSchema) });

export const AdminThreadQuerySchema = AdminPageQuerySchema.extend({
  closed: QueryBoolean.optional().describe(
    'true : seulement les fils fermés ; false : seulement les ouverts',
  ),
});

export const AdminThreadListResponseSchema = ThreadListResponseSchema.extend({
  total: z.number().int().describe('Fils correspondant au filtre, toutes pages comprises'),
});

export type ThreadResponse = z.infer<typeof ThreadResponseSchema>;

export const toThreadResponse = (thread: SupportThread): ThreadResponse => ({
  id: thread.id,
  user_id: thread.userId,
  order_id: thread.orderId,
  subject: thread.subject,
  messages: thread.messages.map((message) => ({
    id: message.id,
    thread_id: message.threadId,
    author_user_id: message.authorUserId,
    author_name: message.authorName,
    body: message.body,
    created_at: toEpochSeconds(message.createdAt),
  })),
  closed: thread.closed,
});

// Named components of /openapi.json (see apiSchemas).
apiSchemas.add(SupportMessageResponseSchema, { id: 'SupportMessage' });
apiSchemas.add(ThreadResponseSchema, { id: 'Thread' });
apiSchemas.add(ThreadListResponseSchema, { id: 'ThreadList' });
apiSchemas.add(AdminThreadListResponseSchema, { id: 'AdminThreadList' });
