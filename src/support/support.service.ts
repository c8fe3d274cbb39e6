import { displayName } from '../auth/user.js';
import type { UserRepository } from '../auth/user.repository.js';
import type { OrderRepository } from '../orders/order.repository.js';
import type { Actor } from '../shared/actor.js';
import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Page, PageRequest } from '../shared/paging.js';
import { SUPPORT_AUTHOR_NAME, type SupportMessage, type SupportThread } from './support.js';
import type { SupportRepository, ThreadFilter } from './support.repository.js';

const MIN_SUBJECT_LENGTH = 3;

interface SupportDeps {
  threads: SupportRepository;
  orders: OrderRepository;
  users: UserRepository;
  ids: IdGenerator;
  clock: Clock;
  /** Open threads a customer may hold at once (one customer once opened 3,000 in 4 s). */
  maxOpenThreads: number;
}

interface NewThread {
  subject: string;
  initialMessage: string;
  orderId: string | null;
}

/** Customer threads: the owner or an admin reads; only the owner writes; staff reply as "Support". */
export class SupportService {
  constructor(private readonly deps: SupportDeps) {}

  async open(actor: Actor, input: NewThread): Promise<SupportThread> {
    if (input.subject.length < MIN_SUBJECT_LENGTH) throw Errors.subjectTooShort();
    if (input.initialMessage.length === 0) throw Errors.messageEmpty();
    if (input.orderId !== null) {
      const order = await this.deps.orders.findById(input.orderId);
      if (!order) throw Errors.orderNotFound();
      if (order.userId !== actor.userId) throw Errors.threadOrderForbidden();
    }
    const id = this.deps.ids.uuid();
    const thread: SupportThread = {
      id,
      userId: actor.userId,
      orderId: input.orderId,
      subject: input.subject,
      closed: false,
      createdAt: this.deps.clock.now(),
      messages: [await this.customerMessage(actor, id, input.initialMessage)],
    };
    if (!(await this.deps.threads.insert(thread, this.deps.maxOpenThreads)))
      throw Errors.tooManyOpenThreads();
    return thread;
  }

  listMine(actor: Actor): Promise<SupportThread[]> {
    return this.deps.threads.list(actor.userId);
  }

  /** Everyone's threads, oldest first, a page at a time (admin). */
  listAll(filter: ThreadFilter, page: PageRequest): Promise<Page<SupportThread>> {
    return this.deps.threads.page(filter, page);
  }

  async get(actor: Actor, threadId: string): Promise<SupportThread> {
    const thread = await this.deps.threads.findById(threadId);
    if (!thread) throw Errors.threadNotFound();
    if (thread.userId !== actor.userId && !actor.isAdmin) throw Errors.threadForbidden();
    return thread;
  }

  async post(actor: Actor, threadId: string, body: string): Promise<SupportThread> {
    if (body.length === 0) throw Errors.messageEmpty();
    const thread = await this.deps.threads.findById(threadId);
    if (!thread) throw Errors.threadNotFound();
    if (thread.userId !== actor.userId) throw Errors.threadForbidden();
    const appended = await this.deps.threads.appendToOpen(
      threadId,
      await this.customerMessage(actor, threadId, body),
    );
    if (!appended.ok) throw appended.reason === 'NOT_FOUND' ? Errors.threadNotFound() : Errors.threadClosed();
    return appended.thread;
  }

  async reply(threadId: string, body: string): Promise<SupportThread> {
    if (body.length === 0) throw Errors.messageEmpty();
    const appended = await this.deps.threads.appendToOpen(
      threadId,
      this.message(threadId, null, SUPPORT_AUTHOR_NAME, body),
      { id: this.deps.ids.uuid(), createdAt: this.deps.clock.now() },
    );
    if (!appended.ok) throw appended.reason === 'NOT_FOUND' ? Errors.threadNotFound() : Errors.replyRefused();
    return appended.thread;
  }

  async close(threadId: string): Promise<SupportThread> {
    const thread = await this.deps.threads.close(threadId);
    if (!thread) throw Errors.threadNotFound();
    return thread;
  }

  private async customerMessage(actor: Actor, threadId: string, body: string): Promise<SupportMessage> {
    const user = await this.deps.users.findById(actor.userId);
    return this.message(threadId, actor.userId, user ? displayName(user) : '', body);
  }

  private message(
    threadId: string,
    authorUserId: string | null,
    authorName: string,
    body: string,
  ): SupportMessage {
    return {
      id: this.deps.ids.uuid(),
      threadId,
      authorUserId,
      authorName,
      body,
      createdAt: this.deps.clock.now(),
    };
  }
}
