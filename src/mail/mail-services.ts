import type { Config } from '../config.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import { FileTransport } from './file-transport.js';
import { MailWorker } from './mail-worker.js';
import { MailFactory } from './new-mail.js';
import type { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';
import { SmtpTransport } from './smtp-transport.js';
import type { MailTransport } from './transport.js';

type MailConfig = Pick<Config, 'shop' | 'mailFrom' | 'smtpUrl' | 'mailDir' | 'mailPollIntervalMs'>;

export interface MailServices {
  worker: MailWorker;
  admin: OutboxService;
  factory: MailFactory;
}

/** SMTP when SMTP_URL is set; otherwise .eml files under MAIL_DIR, so `npm start` shows its mails. */
export const createMailTransport = (config: MailConfig): MailTransport =>
  config.smtpUrl ? new SmtpTransport(config.smtpUrl) : new FileTransport(config.mailDir);

export function mailServices(deps: {
  outbox: OutboxRepository;
  transport: MailTransport;
  clock: Clock;
  ids: IdGenerator;
  config: MailConfig;
}): MailServices {
  const { outbox, transport, clock, ids, config } = deps;
  return {
    worker: new MailWorker({
      outbox,
      transport,
      clock,
      shop: config.shop,
      from: config.mailFrom,
      pollIntervalMs: config.mailPollIntervalMs,
    }),
    admin: new OutboxService({ outbox, clock, shop: config.shop }),
    factory: new MailFactory({ ids, clock }),
  };
}
