import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/**
 * A real SMTP server on loopback (smtp-server), reading what arrives with mailparser: the
 * tests see the mails as a customer's mail server would. `stop()` closes it (SMTP down) and
 * `start()` opens it again on the same port.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      // A reverse DNS lookup per connection would make every delivery wait on the resolver.
      disableReverseLookup: true,
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.received.push(toReceived(parsed));
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The mails to `to` so far, oldest first. */
  to(to: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to === to);
  }

  /** Waits until `count` mails matching `keep` arrived (or fails after `timeoutMs`). */
  async waitFor(
    keep: (mail: ReceivedMail) => boolean,
    count = 1,
    timeoutMs = 10_000,
  ): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.filter(keep);
      if (found.length >= count) return found;
      if (Date.now() > deadline)
        throw new Error(
          `waited ${timeoutMs} ms for ${count} mail(s), got ${found.length}: ${this.summary()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private summary(): string {
    const last = this.received.slice(-5).map((mail) => `${mail.to}: ${mail.subject}`);
    return `${this.received.length} received, the last: ${last.join('; ')}`;
  }
}

function toReceived(parsed: ParsedMail): ReceivedMail {
  const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
  return {
    to: to?.value[0]?.address ?? '',
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    messageId: parsed.messageId ?? '',
  };
}

/** The token of the first link of `mail` whose path is `path` (`/verifier-email`): what a customer clicks. */
export function linkToken(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`https?://[^\\s"]+${path}\\?token=([\\w-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${path} link in: ${mail.text}`);
  return match[1];
}
