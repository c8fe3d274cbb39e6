import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { MailTransport, OutgoingMail } from './transport.js';

/**
 * Without SMTP_URL: each mail becomes an .eml file under MAIL_DIR (any mail client opens it),
 * composed by nodemailer exactly as it would go over SMTP. Named by its Message-ID, so a
 * mail written twice overwrites itself instead of showing as two.
 */
export class FileTransport implements MailTransport {
  private readonly composer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(private readonly dir: string) {}

  async send(mail: OutgoingMail): Promise<{ where: string }> {
    const info = await this.composer.sendMail({ ...mail });
    const name = `${mail.messageId.replace(/[<>]/g, '').replace(/[^\w.@-]/g, '_')}.eml`;
    const file = join(this.dir, name);
    await mkdir(this.dir, { recursive: true });
    await writeFile(file, info.message as Buffer);
    return { where: file };
  }

  close(): void {}
}
