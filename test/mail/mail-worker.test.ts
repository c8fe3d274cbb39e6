import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTransport } from '../../src/mail/file-transport.js';
import { MailWorker } from '../../src/mail/mail-worker.js';
import { MemoryOutboxRepository } from '../../src/mail/memory-outbox.repository.js';
import { RETRY_DELAYS_MS } from '../../src/mail/outbox.js';
import { withDefaultTimeouts } from '../../src/mail/smtp-transport.js';
import type { MailTransport, OutgoingMail } from '../../src/mail/transport.js';
import { ManualClock } from '../../src/shared/clock.js';

const shop = { name: 'La Boutique', url: 'https://boutique.example' };

/** A transport that fails while `down` is true and records what it accepted. */
class FlakyTransport implements MailTransport {
  down = false;
  readonly sent: OutgoingMail[] = [];
  readonly tried: string[] = [];
  async send(mail: OutgoingMail) {
    this.tried.push(mail.messageId);
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:2525');
    this.sent.push(mail);
    return { where: 'test' };
  }
  close() {}
}

function setup() {
  const clock = new ManualClock();
  const outbox = new MemoryOutboxRepository();
  const transport = new FlakyTransport();
  const worker = new MailWorker({
    outbox,
    transport,
    clock,
    shop,
    from: 'shop@example.com',
    pollIntervalMs: 1000,
  });
  const enqueue = async () => {
    const id = randomUUID();
    await outbox.enqueue({
      id,
      template: 'order_delivered',
      recipient: 'jeanne@example.com',
      data: { firstName: 'Jeanne', orderId: 'abcdef123' },
      createdAt: clock.now(),
    });
    return id;
  };
  return { clock, outbox, transport, worker, enqueue };
}

describe('mail worker', () => {
  it('sends a due mail once, rendered, with a Message-ID named after its row', async () => {
    const { outbox, transport, worker, enqueue } = setup();
    const id = await enqueue();
    expect(await worker.deliverDue()).toBe(1);
    expect(await worker.deliverDue()).toBe(0);
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]).toMatchObject({
      messageId: `<${id}@boutique.example>`,
      to: 'jeanne@example.com',
      subject: 'Commande ABCDEF12 livrée — La Boutique',
    });
    expect(await outbox.findById(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries on the schedule of RETRY_DELAYS_MS, then fails with the last error; every attempt has one Message-ID', async () => {
    const { clock, outbox, transport, worker, enqueue } = setup();
    transport.down = true;
    const id = await enqueue();
    for (const delay of RETRY_DELAYS_MS) {
      await worker.deliverDue();
      clock.advance(delay - 1);
      expect(await worker.deliverDue()).toBe(0); // not due yet
      clock.advance(1);
    }
    const before = transport.tried.length;
    await worker.deliverDue();
    expect(transport.tried.length).toBe(before + 1);
    expect(new Set(transport.tried)).toEqual(new Set([`<${id}@boutique.example>`]));
    expect(await outbox.findById(id)).toMatchObject({
      status: 'failed',
      attempts: RETRY_DELAYS_MS.length + 1,
      lastError: 'connect ECONNREFUSED 127.0.0.1:2525',
    });
    clock.advance(10 * 24 * 3600 * 1000);
    expect(await worker.deliverDue()).toBe(0);
    expect(transport.tried.length).toBe(before + 1);
  });

  it('a transport back after an outage delivers every waiting mail once', async () => {
    const { clock, transport, worker, enqueue } = setup();
    transport.down = true;
    const ids = await Promise.all(Array.from({ length: 45 }, () => enqueue()));
    await worker.deliverDue();
    transport.down = false;
    clock.advance(RETRY_DELAYS_MS[0] ?? 0);
    expect(await worker.deliverDue()).toBe(45);
    expect(transport.sent.map((m) => m.messageId).sort()).toEqual(
      ids.map((id) => `<${id}@boutique.example>`).sort(),
    );
  });

  it('a mail whose data no longer fits its template fails at once with why, and others still go', async () => {
    const { clock, outbox, transport, worker, enqueue } = setup();
    await outbox.enqueue({
      id: 'bad',
      template: 'order_delivered',
      recipient: 'x@example.com',
      data: {},
      createdAt: clock.now(),
    });
    await enqueue();
    await worker.deliverDue();
    expect(transport.sent).toHaveLength(1);
    expect((await outbox.findById('bad'))?.lastError).toMatch(/firstName|expected/i);
  });

  it('stop waits for the pass in flight and no pass runs after it', async () => {
    const { transport, worker, enqueue } = setup();
    await enqueue();
    worker.start({ info: () => {}, warn: () => {} });
    const pass = worker.deliverDue();
    await worker.stop();
    await pass;
    await enqueue();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(transport.sent).toHaveLength(1);
  });
});

describe('transports', () => {
  it('the file transport writes one .eml per mail, named by its Message-ID', async () => {
    const dir = join(tmpdir(), `mail-${randomUUID()}`);
    const transport = new FileTransport(dir);
    const mail = {
      messageId: '<m-1@boutique.example>',
      from: '"La Boutique" <no-reply@boutique.example>',
      to: 'jeanne@example.com',
      subject: 'Commande confirmée',
      text: 'Bonjour Jeanne,',
      html: '<p>Bonjour Jeanne,</p>',
    };
    const { where } = await transport.send(mail);
    await transport.send(mail);
    expect(await readdir(dir)).toEqual(['m-1@boutique.example.eml']);
    const eml = await readFile(where, 'utf8');
    expect(eml).toContain('Message-ID: <m-1@boutique.example>');
    expect(eml).toContain('To: jeanne@example.com');
    expect(eml).toContain('Subject: =?UTF-8?Q?Commande_confirm=C3=A9e?=');
  });

  it('SMTP timeouts default below the claim lease, and a pool, unless SMTP_URL names its own', () => {
    const url = new URL(withDefaultTimeouts('smtp://mail.example:2525?socketTimeout=5000&pool=false'));
    expect(url.searchParams.get('socketTimeout')).toBe('5000');
    expect(url.searchParams.get('connectionTimeout')).toBe('10000');
    expect(url.searchParams.get('pool')).toBe('false');
    expect(new URL(withDefaultTimeouts('smtps://mail.example')).searchParams.get('pool')).toBe('true');
  });
});
