import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { MailStatus, OutboxMail } from './outbox.js';
import type { OutboxRepository } from './outbox.repository.js';
import { renderMail } from './templates/index.js';
import type { Shop } from './templates/layout.js';

/** A mail as the admin sees it: its subject, never its body (which may hold a link's token). */
export interface MailSummary extends OutboxMail {
  subject: string;
}

/** The admin's view of the outbox: what is waiting, what went, what failed and why; a retry. */
export class OutboxService {
  constructor(private readonly deps: { outbox: OutboxRepository; clock: Clock; shop: Shop }) {}

  async list(status: MailStatus | undefined, page: PageRequest): Promise<Page<MailSummary>> {
    const found = await this.deps.outbox.page(status, page);
    return { ...found, items: found.items.map((mail) => this.summary(mail)) };
  }

  /** A failed mail goes back to pending, due now, its attempts from zero. */
  async retry(id: string): Promise<MailSummary> {
    const { outbox, clock } = this.deps;
    if (!(await outbox.retry(id, clock.now()))) {
      const mail = await outbox.findById(id);
      throw mail ? Errors.mailNotFailed() : Errors.mailNotFound();
    }
    const mail = await outbox.findById(id);
    if (!mail) throw Errors.mailNotFound();
    return this.summary(mail);
  }

  private summary(mail: OutboxMail): MailSummary {
    let subject: string;
    try {
      subject = renderMail(mail.template, mail.data, this.deps.shop).subject;
    } catch {
      subject = mail.template;
    }
    return { ...mail, subject };
  }
}
