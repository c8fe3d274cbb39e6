import { type SerialQueue, UndoableStore } from '../database/undo-log.js';
import { type Page, type PageRequest, pageOf } from '../shared/paging.js';
import { type MailStatus, type NewMail, newOutboxMail, type OutboxMail } from './outbox.js';
import type { OutboxRepository } from './outbox.repository.js';

export class MemoryOutboxRepository extends UndoableStore implements OutboxRepository {
  private readonly byId = new Map<string, OutboxMail>();

  /**
   * `units` is the queue the memory units of work run on. A claim waits its turn there, so it
   * never sees a mail of a unit still running: that unit may yet throw and take its mail back,
   * as a PostgreSQL claim never sees an uncommitted row.
   */
  constructor(private readonly units?: SerialQueue) {
    super();
  }

  async enqueue(mail: NewMail): Promise<void> {
    this.byId.set(mail.id, newOutboxMail(structuredClone(mail)));
    this.undo.record(() => this.byId.delete(mail.id));
  }

  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMail[]> {
    const claim = async () => this.claimNow(now, limit, leaseMs);
    return this.units ? this.units.run(claim) : claim();
  }

  /** Chosen and held with no await in between: one step of the event loop. */
  private claimNow(now: number, limit: number, leaseMs: number): OutboxMail[] {
    const due = [...this.byId.values()]
      .filter((mail) => mail.status === 'pending' && mail.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)
      .slice(0, limit);
    for (const mail of due) {
      mail.attempts += 1;
      mail.nextAttemptAt = now + leaseMs;
    }
    return due.map((mail) => structuredClone(mail));
  }

  async markSent(ids: readonly string[], now: number): Promise<number> {
    let marked = 0;
    for (const id of ids) {
      const mail = this.byId.get(id);
      if (mail?.status !== 'pending') continue;
      mail.status = 'sent';
      mail.sentAt = now;
      mail.lastError = null;
      marked += 1;
    }
    return marked;
  }

  async markFailed(id: string, error: string, retryAt: number | null): Promise<void> {
    const mail = this.byId.get(id);
    if (mail?.status !== 'pending') return;
    mail.lastError = error;
    if (retryAt === null) mail.status = 'failed';
    else mail.nextAttemptAt = retryAt;
  }

  async retry(id: string, now: number): Promise<boolean> {
    const mail = this.byId.get(id);
    if (mail?.status !== 'failed') return false;
    mail.status = 'pending';
    mail.attempts = 0;
    mail.nextAttemptAt = now;
    return true;
  }

  async findById(id: string): Promise<OutboxMail | null> {
    const mail = this.byId.get(id);
    return mail ? structuredClone(mail) : null;
  }

  async page(status: MailStatus | undefined, page: PageRequest): Promise<Page<OutboxMail>> {
    const newestFirst = [...this.byId.values()].reverse();
    return pageOf(newestFirst, (mail) => status === undefined || mail.status === status, page);
  }
}
