import type { SupportMessage, SupportThread } from '../domain/support.js';

export type AppendOutcome =
  | { ok: true; thread: SupportThread }
  | { ok: false; reason: 'NOT_FOUND' | 'CLOSED' };

export interface SupportRepository {
  insert(thread: SupportThread): Promise<void>;
  findById(id: string): Promise<SupportThread | null>;
  /** Oldest first; all threads when `userId` is undefined. */
  list(userId?: string): Promise<SupportThread[]>;
  /** Appends only to an open thread; the check and the write are one step, so a close always wins cleanly. */
  appendToOpen(threadId: string, message: SupportMessage): Promise<AppendOutcome>;
  /** Idempotent; null when the thread does not exist. */
  close(threadId: string): Promise<SupportThread | null>;
  count(): Promise<number>;
}
