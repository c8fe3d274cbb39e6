import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { NewMail } from './outbox.js';
import type { TemplateData, TemplateName } from './templates/index.js';

/** Makes the outbox rows services write: typed by their template, so a row always fits it. */
export class MailFactory {
  constructor(private readonly deps: { ids: IdGenerator; clock: Clock }) {}

  of<N extends TemplateName>(template: N, recipient: string, data: TemplateData<N>): NewMail {
    return mailOf(this.deps.ids.uuid(), this.deps.clock.now(), template, recipient, data);
  }
}

/** A row whose id and time the caller chose (a checkout's, drawn with its draft). */
export function mailOf<N extends TemplateName>(
  id: string,
  createdAt: number,
  template: N,
  recipient: string,
  data: TemplateData<N>,
): NewMail {
  return { id, template, recipient, data, createdAt };
}
