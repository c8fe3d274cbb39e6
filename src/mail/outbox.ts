/** Where a mail stands: waiting for its (next) attempt, delivered, or given up on. */
export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** A mail as the change that causes it writes it: a template and its data, rendered when sent. */
export interface NewMail {
  id: string;
  template: string;
  recipient: string;
  /** Everything the template needs, frozen at the change (a later edit does not rewrite a sent mail). */
  data: Record<string, unknown>;
  createdAt: number;
}

export interface OutboxMail extends NewMail {
  status: MailStatus;
  /** Attempts made so far, the running one included once claimed. */
  attempts: number;
  /** When a pending mail is next due (epoch ms); a claimed one is pushed past its lease. */
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
}

export const newOutboxMail = (mail: NewMail): OutboxMail => ({
  ...mail,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: mail.createdAt,
  lastError: null,
  sentAt: null,
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The wait after each failed attempt: 1 min, 5 min, 30 min, then hourly for 24 h. Past the
 * table the mail is `failed` with its last error (an admin may retry it). One table, so the
 * schedule reads as it is documented (docs/mail.md).
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  MINUTE,
  5 * MINUTE,
  30 * MINUTE,
  ...Array.from({ length: 24 }, () => HOUR),
];

/** When a mail that failed its `attempts`-th attempt at `now` is tried again; null: give up. */
export function nextAttemptAfterFailure(attempts: number, now: number): number | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : now + delay;
}

/**
 * How long a claimed mail is held by its claimer: longer than any send can take (the SMTP
 * transport times out well before), so no other worker takes it while it is in flight, and
 * short enough that a mail claimed by an instance that died is sent by another soon after.
 */
export const CLAIM_LEASE_MS = 2 * MINUTE;

/** The longest error text kept per mail: enough to diagnose, never a whole server dump. */
export const MAX_ERROR_LENGTH = 500;
