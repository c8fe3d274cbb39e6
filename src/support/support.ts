export interface SupportMessage {
  id: string;
  threadId: string;
  /** Null for support staff. */
  authorUserId: string | null;
  /** "First Last", or "Support" for staff: a snapshot taken when the message is written. */
  authorName: string;
  body: string;
  createdAt: number;
}

export interface SupportThread {
  id: string;
  userId: string;
  orderId: string | null;
  subject: string;
  closed: boolean;
  createdAt: number;
  messages: SupportMessage[];
}

export const SUPPORT_AUTHOR_NAME = 'Support';
