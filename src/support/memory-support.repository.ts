import type { User } from '../auth/user.js';
import type { OutboxRepository } from '../mail/outbox.repository.js';
import { type Page, type PageRequest, pageOf } from '../shared/paging.js';
import type { SupportMessage, SupportThread } from './support.js';
import type { AppendOutcome, ReplyMail, SupportRepository, ThreadFilter } from './support.repository.js';

export class MemorySupportRepository implements SupportRepository {
  private readonly byId = new Map<string, SupportThread>();

  /** Where a reply's mail goes, and who the thread's owner is: the memory stores' own. */
  constructor(
    private readonly mail?: { outbox: OutboxRepository; findUser: (id: string) => Promise<User | null> },
  ) {}

  async insert(thread: SupportThread, maxOpen?: number): Promise<boolean> {
    if (maxOpen !== undefined && !thread.closed) {
      let open = 0;
      for (const other of this.byId.values()) if (other.userId === thread.userId && !other.closed) open += 1;
      if (open >= maxOpen) return false;
    }
    this.byId.set(thread.id, structuredClone(thread));
    return true;
  }

  async findById(id: string): Promise<SupportThread | null> {
    const thread = this.byId.get(id);
    return thread ? structuredClone(thread) : null;
  }

  async list(userId?: string): Promise<SupportThread[]> {
    const found: SupportThread[] = [];
    for (const thread of this.byId.values()) {
      if (userId === undefined || thread.userId === userId) found.push(structuredClone(thread));
    }
    return found;
  }

  async page({ closed }: ThreadFilter, page: PageRequest): Promise<Page<SupportThread>> {
    return pageOf(this.byId.values(), (thread) => closed === undefined || thread.closed === closed, page);
  }

  async appendToOpen(
    threadId: string,
    message: SupportMessage,
    replyMail?: ReplyMail,
  ): Promise<AppendOutcome> {
    const thread = this.byId.get(threadId);
    if (!thread) return { ok: false, reason: 'NOT_FOUND' };
    if (thread.closed) return { ok: false, reason: 'CLOSED' };
    thread.messages.push({ ...message });
    const appended = structuredClone(thread);
    // Nothing in memory can fail between the message and its mail: both are written or neither.
    const owner = replyMail && this.mail && (await this.mail.findUser(thread.userId));
    if (replyMail && owner)
      await this.mail?.outbox.enqueue({
        id: replyMail.id,
        template: 'support_reply',
        recipient: owner.email,
        data: { firstName: owner.firstName, threadId, subject: thread.subject, body: message.body },
        createdAt: replyMail.createdAt,
      });
    return { ok: true, thread: appended };
  }

  async close(threadId: string): Promise<SupportThread | null> {
    const thread = this.byId.get(threadId);
    if (!thread) return null;
    thread.closed = true;
    return structuredClone(thread);
  }
}
