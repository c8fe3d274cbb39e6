import type { Page, PageRequest } from '../shared/paging.js';
import type { SupportMessage, SupportThread } from './support.js';

export interface ThreadFilter {
  /** Only closed threads when true, only open ones when false. */
  closed?: boolean;
}

export type AppendOutcome =
  | { ok: true; thread: SupportThread }
  | { ok: false; reason: 'NOT_FOUND' | 'CLOSED' };

/**
 * A staff reply's mail to the thread's owner (issue 26), written in the same step as the
 * message: the repository fills it from the thread (subject, owner's address and name).
 */
export interface ReplyMail {
  id: string;
  createdAt: number;
}

export interface SupportRepository {
  /**
   * Inserts the thread unless its owner already has `maxOpen` open threads (no limit when
   * undefined); returns whether it was inserted. The count and the insert are one step
   * (one synchronous step in memory, one statement locking the owner's row in PostgreSQL),
   * so a burst of openings cannot pass the limit.
   */
  insert(thread: SupportThread, maxOpen?: number): Promise<boolean>;
  findById(id: string): Promise<SupportThread | null>;
  /** Oldest first; all threads when `userId` is undefined. */
  list(userId?: string): Promise<SupportThread[]>;
  /** One page of every thread matching `filter`, oldest first, and how many match. */
  page(filter: ThreadFilter, page: PageRequest): Promise<Page<SupportThread>>;
  /** Appends only to an open thread; the check and the write are one step, so a close always wins cleanly. */
  appendToOpen(threadId: string, message: SupportMessage, replyMail?: ReplyMail): Promise<AppendOutcome>;
  /** Idempotent; null when the thread does not exist. */
  close(threadId: string): Promise<SupportThread | null>;
}
