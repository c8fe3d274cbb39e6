import { type Page, type PageRequest, pageOf } from '../shared/paging.js';
import type { SupportMessage, SupportThread } from './support.js';
import type { AppendOutcome, SupportRepository, ThreadFilter } from './support.repository.js';

export class MemorySupportRepository implements SupportRepository {
  private readonly byId = new Map<string, SupportThread>();

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

  async appendToOpen(threadId: string, message: SupportMessage): Promise<AppendOutcome> {
    const thread = this.byId.get(threadId);
    if (!thread) return { ok: false, reason: 'NOT_FOUND' };
    if (thread.closed) return { ok: false, reason: 'CLOSED' };
    thread.messages.push({ ...message });
    return { ok: true, thread: structuredClone(thread) };
  }

  async close(threadId: string): Promise<SupportThread | null> {
    const thread = this.byId.get(threadId);
    if (!thread) return null;
    thread.closed = true;
    return structuredClone(thread);
  }
}
