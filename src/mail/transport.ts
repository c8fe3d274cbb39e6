/** A mail ready for the wire: rendered, addressed, with its stable Message-ID. */
export interface OutgoingMail {
  /** Named after the outbox row (`<id@host>`): every attempt of one mail carries the same one. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where mails leave the shop: an SMTP server, or .eml files for development. */
export interface MailTransport {
  /** Resolves once the mail is handed over; returns where it went, for the log line. */
  send(mail: OutgoingMail): Promise<{ where: string }>;
  close(): void;
}

/** `<outbox-id@shop-host>`: a receiving server or a person can tell a resent mail from a new one. */
export const messageIdOf = (outboxId: string, shopUrl: string): string =>
  `<${outboxId}@${new URL(shopUrl).hostname || 'localhost'}>`;
