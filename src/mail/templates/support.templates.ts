import { z } from 'zod';
import { greet, layout, shopLink } from './layout.js';
import { defineTemplate } from './template.js';

export const supportReply = defineTemplate(
  'support_reply',
  z.object({ firstName: z.string(), threadId: z.string(), subject: z.string(), body: z.string() }),
  ({ firstName, threadId, subject, body }, shop) =>
    layout(shop, {
      subject: `Réponse du support : ${subject}`,
      greeting: greet(firstName),
      paragraphs: ['Le support a répondu à votre demande :', body],
      action: {
        label: 'Voir la conversation',
        url: shopLink(shop, `/support/${encodeURIComponent(threadId)}`),
      },
    }),
);
