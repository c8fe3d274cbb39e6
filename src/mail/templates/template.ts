import type { z } from 'zod';
import type { RenderedMail, Shop } from './layout.js';

/** A template: the shape of the data a change freezes into its outbox row, and how it reads. */
export interface MailTemplate<S extends z.ZodType = z.ZodType> {
  name: string;
  data: S;
  render(data: z.output<S>, shop: Shop): RenderedMail;
}

export const defineTemplate = <S extends z.ZodType>(
  name: string,
  data: S,
  render: (data: z.output<S>, shop: Shop) => RenderedMail,
): MailTemplate<S> => ({ name, data, render });
