import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { NewMail } from './outbox.js';
import type { TemplateData, TemplateName } from './templates/index.js';

/** Makes the outbox rows services write: typed by their template, so a row always fits it. */
export class MailFactory {
  constructor(private readonly deps: { ids: IdGenerator; clock: Clock }) {}

  of<N extends TemplateName>(template: N, recipient: string, data: TemplateData<N>): NewMail {
    return { id: this.deps.ids.uuid(), template, recipient, data, createdAt: this.deps.clock.now() };
  }
}
