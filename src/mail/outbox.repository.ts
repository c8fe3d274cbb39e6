import type { Page, PageRequest } from '../shared/paging.js';
import type { MailStatus, NewMail, OutboxMail } from './outbox.js';

/**
 * The mails still to send and those sent or given up on. `enqueue` is the one write the
 * changes that cause a mail make, inside their unit of work; the rest is the worker's and
 * the admin's. A claim is one atomic step (one synchronous step in memory, one statement in
 * PostgreSQL with FOR UPDATE SKIP LOCKED), so two workers never hold the same mail.
 */
export interface OutboxRepository {
  enqueue(mail: NewMail): Promise<void>;
  /**
   * Takes up to `limit` pending mails due at `now`, oldest due first: each gets one more
   * attempt counted and is held until `now + leaseMs`, so no other claimer takes it meanwhile.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMail[]>;
  /** Claimed mails went out, marked together (one statement per batch); returns how many were still pending. */
  markSent(ids: readonly string[], now: number): Promise<number>;
  /** A claimed attempt failed: pending again at `retryAt`, or `failed` when retryAt is null. */
  markFailed(id: string, error: string, retryAt: number | null): Promise<void>;
  /** A failed mail pending again, due at `now`, its attempts from zero; false unless it was failed. */
  retry(id: string, now: number): Promise<boolean>;
  findById(id: string): Promise<OutboxMail | null>;
  /** Newest first; every status when `status` is undefined. */
  page(status: MailStatus | undefined, page: PageRequest): Promise<Page<OutboxMail>>;
}
