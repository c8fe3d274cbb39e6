import type { Clock } from '../shared/clock.js';
import { CLAIM_LEASE_MS, MAX_ERROR_LENGTH, nextAttemptAfterFailure, type OutboxMail } from './outbox.js';
import type { OutboxRepository } from './outbox.repository.js';
import { renderMail } from './templates/index.js';
import type { Shop } from './templates/layout.js';
import { type MailTransport, messageIdOf } from './transport.js';

/** Mails claimed per pass: a pass stays short, and an instance never holds many leases at once. */
export const MAIL_BATCH = 20;

/** Where the worker says what it did (the app's logger). */
export interface MailLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

interface MailWorkerDeps {
  outbox: OutboxRepository;
  transport: MailTransport;
  clock: Clock;
  shop: Shop;
  from: string;
  pollIntervalMs: number;
}

const silent: MailLog = { info: () => {}, warn: () => {} };

const errorText = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);

/**
 * Delivers the outbox: every `pollIntervalMs` it claims the due mails (several instances may
 * run one each: a claim never hands one mail to two), renders, sends, and marks each sent, or
 * schedules its next attempt from RETRY_DELAYS_MS, or gives up with its last error. Due-ness
 * is read from the app's clock, so a test moves time and calls `deliverDue()` itself.
 *
 * A mail is marked sent after the transport accepted it: an instance that dies in between
 * leaves it claimed, and once the lease ends another sends it again with the same Message-ID
 * (at least once, never silently lost).
 */
export class MailWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;
  private log: MailLog = silent;

  constructor(private readonly deps: MailWorkerDeps) {}

  start(log: MailLog): void {
    this.log = log;
    this.stopped = false;
    this.schedule();
  }

  /** Stops polling and waits for a pass in flight, so nothing is sent after close. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => 0);
    this.deps.transport.close();
  }

  /** One pass; passes never overlap (a pass asked for while one runs waits for it, then runs). */
  deliverDue(): Promise<number> {
    const previous = this.running ?? Promise.resolve(0);
    const pass = previous.catch(() => 0).then(() => this.pass());
    this.running = pass;
    return pass;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.deliverDue()
        .catch((err: unknown) => this.log.warn({ err }, 'mail pass failed; retried at the next one'))
        .finally(() => this.schedule());
    }, this.deps.pollIntervalMs);
    this.timer.unref();
  }

  private async pass(): Promise<number> {
    const { outbox, clock } = this.deps;
    let sent = 0;
    // A full batch means more may be due: claim again at once instead of waiting a poll.
    for (;;) {
      const claimed = await outbox.claimDue(clock.now(), MAIL_BATCH, CLAIM_LEASE_MS);
      // Sent side by side (the SMTP pool's connections share the batch), then marked sent in one
      // statement: a purchase's two mails cost the database a tenth of a statement each, not two.
      const delivered = (await Promise.all(claimed.map((mail) => this.deliver(mail)))).filter(
        (id): id is string => id !== null,
      );
      if (delivered.length > 0) await outbox.markSent(delivered, clock.now());
      sent += delivered.length;
      if (claimed.length < MAIL_BATCH || this.stopped) return sent;
    }
  }

  /** The mail's id once the transport accepted it; null when the attempt failed (and is rescheduled). */
  private async deliver(mail: OutboxMail): Promise<string | null> {
    const { outbox, transport, clock, shop, from } = this.deps;
    try {
      const rendered = renderMail(mail.template, mail.data, shop);
      const { where } = await transport.send({
        messageId: messageIdOf(mail.id, shop.url),
        from,
        to: mail.recipient,
        ...rendered,
      });
      this.log.info({ mailId: mail.id, subject: rendered.subject, where }, 'mail sent');
      return mail.id;
    } catch (err) {
      const retryAt = nextAttemptAfterFailure(mail.attempts, clock.now());
      await outbox.markFailed(mail.id, errorText(err), retryAt);
      this.log.warn(
        { mailId: mail.id, attempts: mail.attempts, err: errorText(err), retryAt },
        retryAt === null ? 'mail failed for good' : 'mail attempt failed; will retry',
      );
      return null;
    }
  }
}
