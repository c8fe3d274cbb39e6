import { createTransport } from 'nodemailer';
import type { MailTransport, OutgoingMail } from './transport.js';

/**
 * Options set unless SMTP_URL names its own. Timeouts: nodemailer's defaults (up to 10 min on
 * a silent socket) outlast the claim lease, after which another worker would send the same
 * mail. A pool: a connection per mail costs a handshake each (measured: ~7 mails/s against a
 * loopback server without it, hundreds with it).
 */
const DEFAULTS = { pool: true, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function withDefaultTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [key, value] of Object.entries(DEFAULTS))
    if (!url.searchParams.has(key)) url.searchParams.set(key, String(value));
  return url.toString();
}

/**
 * nodemailer over SMTP_URL. `smtps://` is TLS from the first byte; `smtp://` upgrades with
 * STARTTLS when the server offers it (`?requireTLS=true` refuses to send otherwise); query
 * options go to nodemailer as they are (`?pool=true`, `?tls.rejectUnauthorized=false`), see docs/mail.md.
 */
export class SmtpTransport implements MailTransport {
  private readonly transporter;

  constructor(smtpUrl: string) {
    this.transporter = createTransport(withDefaultTimeouts(smtpUrl));
  }

  async send(mail: OutgoingMail): Promise<{ where: string }> {
    const info = await this.transporter.sendMail({
      messageId: mail.messageId,
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
    return { where: `smtp ${String(info.response ?? '')}`.trim() };
  }

  close(): void {
    this.transporter.close();
  }
}
