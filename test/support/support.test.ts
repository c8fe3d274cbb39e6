import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPost, adminToken, createProduct, placeOrder } from '../helpers/shop.js';
import { bearer, buildTestApp, registerUser, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.app.close());

const openThread = (token: string, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/support/threads', headers: bearer(token), payload });
const postMessage = (token: string, threadId: string, body: unknown) =>
  t.app.inject({
    method: 'POST',
    url: `/api/support/threads/${threadId}/messages`,
    headers: bearer(token),
    payload: { body },
  });
const readThread = (token: string, threadId: string) =>
  t.app.inject({ url: `/api/support/threads/${threadId}`, headers: bearer(token) });

describe('customer support threads', () => {
  it('opens a thread about an order with its first message, trimmed', async () => {
    const user = await registerUser(t.app, { first_name: 'Léa', last_name: 'Roux' });
    const order = await placeOrder(t.app, user.token, [
      { productId: (await createProduct(t)).id, quantity: 1 },
    ]);
    const res = await openThread(user.token, {
      subject: '  Retard  ',
      initial_message: ' Où est mon colis ? ',
      order_id: order.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      user_id: user.userId,
      order_id: order.id,
      subject: 'Retard',
      closed: false,
      messages: [
        {
          id: expect.any(String),
          thread_id: res.json().id,
          author_user_id: user.userId,
          author_name: 'Léa Roux',
          body: 'Où est mon colis ?',
          created_at: t.clock.now() / 1000,
        },
      ],
    });
  });

  it.each([null, ''])('treats order_id %j as no order', async (orderId) => {
    const user = await registerUser(t.app);
    const res = await openThread(user.token, {
      subject: 'Question',
      initial_message: 'Bonjour',
      order_id: orderId,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().order_id).toBeNull();
  });

  it.each([
    [{ subject: ' ab ', initial_message: 'Bonjour' }, 400, 'Le sujet doit contenir au moins 3 caractères'],
    [{ subject: 'Question', initial_message: '   ' }, 400, 'Le message ne peut pas être vide'],
    [{ subject: 'Question', initial_message: 'Bonjour', order_id: 'nope' }, 404, 'Commande introuvable'],
  ])('refuses %j', async (payload, status, detail) => {
    const user = await registerUser(t.app);
    const res = await openThread(user.token, payload);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ detail });
  });

  it('refuses a thread about another customer’s order', async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const order = await placeOrder(t.app, owner.token, [
      { productId: (await createProduct(t)).id, quantity: 1 },
    ]);
    const res = await openThread(other.token, {
      subject: 'Question',
      initial_message: 'Bonjour',
      order_id: order.id,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ detail: 'Cette commande ne vous appartient pas' });
  });

  it('refuses a too long subject or message with 422', async () => {
    const user = await registerUser(t.app);
    expect(
      (await openThread(user.token, { subject: 's'.repeat(201), initial_message: 'x' })).statusCode,
    ).toBe(422);
    expect(
      (await openThread(user.token, { subject: 'Sujet', initial_message: 'x'.repeat(5001) })).statusCode,
    ).toBe(422);
  });

  it('keeps threads private: the owner and an admin read, another customer gets 403', async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const thread = (
      await openThread(owner.token, { subject: 'Privé', initial_message: 'Mon adresse est…' })
    ).json();

    expect((await readThread(owner.token, thread.id)).statusCode).toBe(200);
    expect((await readThread(admin, thread.id)).statusCode).toBe(200);
    const foreign = await readThread(other.token, thread.id);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ detail: 'Accès non autorisé à ce fil' });
    const missing = await readThread(owner.token, 'nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ detail: 'Fil de discussion introuvable' });

    const list = await t.app.inject({ url: '/api/support/threads', headers: bearer(other.token) });
    expect(list.json().threads.map((th: { id: string }) => th.id)).not.toContain(thread.id);
    const mine = await t.app.inject({ url: '/api/support/threads/', headers: bearer(owner.token) });
    expect(mine.json().threads.map((th: { id: string }) => th.id)).toEqual([thread.id]);
  });

  it('lets only the owner post, answering 201 with the thread', async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const thread = (await openThread(owner.token, { subject: 'Suivi', initial_message: 'Bonjour' })).json();
    const posted = await postMessage(owner.token, thread.id, '  Merci  ');
    expect(posted.statusCode).toBe(201);
    expect(posted.json().messages.map((m: { body: string }) => m.body)).toEqual(['Bonjour', 'Merci']);

    const foreign = await postMessage(other.token, thread.id, 'Intrus');
    expect(foreign.statusCode).toBe(403);
    const asAdmin = await postMessage(admin, thread.id, 'Je ne réponds pas ici');
    expect(asAdmin.statusCode).toBe(403);
    expect((await postMessage(owner.token, 'nope', 'x')).statusCode).toBe(404);
    expect((await postMessage(owner.token, thread.id, '  ')).json()).toMatchObject({
      detail: 'Le message ne peut pas être vide',
    });
    expect((await readThread(owner.token, thread.id)).json().messages).toHaveLength(2);
  });
});

describe('admin support', () => {
  it('lists every thread, replies as Support and closes idempotently; a closed thread refuses every message', async () => {
    const owner = await registerUser(t.app);
    const thread = (
      await openThread(owner.token, { subject: 'Taille', initial_message: 'Le M taille-t-il grand ?' })
    ).json();

    const all = await t.app.inject({ url: '/api/admin/support/threads', headers: bearer(admin) });
    expect(all.json().threads.map((th: { id: string }) => th.id)).toContain(thread.id);

    const reply = await adminPost(t.app, admin, `/support/threads/${thread.id}/reply`, {
      body: ' Non, il taille normalement. ',
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().messages[1]).toMatchObject({
      author_user_id: null,
      author_name: 'Support',
      body: 'Non, il taille normalement.',
    });

    for (let i = 0; i < 2; i += 1) {
      const closed = await t.app.inject({
        method: 'POST',
        url: `/api/admin/support/threads/${thread.id}/close`,
        headers: bearer(admin),
      });
      expect(closed.statusCode).toBe(200);
      expect(closed.json().closed).toBe(true);
    }

    const late = await postMessage(owner.token, thread.id, 'Encore une question');
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ detail: 'Ce fil de discussion est fermé' });
    const lateReply = await adminPost(t.app, admin, `/support/threads/${thread.id}/reply`, {
      body: 'Trop tard',
    });
    expect(lateReply.statusCode).toBe(400);
    expect(lateReply.json()).toMatchObject({ detail: 'Fil introuvable ou fermé.' });
    expect((await readThread(owner.token, thread.id)).json().messages).toHaveLength(2);
  });

  it('answers 404 for an unknown thread on reply and close', async () => {
    const reply = await adminPost(t.app, admin, '/support/threads/nope/reply', { body: 'x' });
    expect(reply.statusCode).toBe(404);
    const close = await t.app.inject({
      method: 'POST',
      url: '/api/admin/support/threads/nope/close',
      headers: bearer(admin),
    });
    expect(close.statusCode).toBe(404);
    expect(close.json()).toMatchObject({ detail: 'Fil de discussion introuvable' });
  });

  it('is refused to customers', async () => {
    const { token } = await registerUser(t.app);
    expect(
      (await t.app.inject({ url: '/api/admin/support/threads', headers: bearer(token) })).statusCode,
    ).toBe(403);
  });
});

describe('open threads per customer (issue 12: support spam)', () => {
  const thread = (n: number) => ({ subject: `Demande ${n}`, initial_message: 'Bonjour', order_id: null });
  const openCount = async (userId: string) =>
    (await t.ctx.repos.threads.list(userId)).filter((th) => !th.closed).length;

  it('answers 429 past 10 open threads, even for 40 openings at once, and frees a slot on close', async () => {
    const user = await registerUser(t.app);
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => openThread(user.token, thread(i))));
    const statuses = burst.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    expect(burst.find((r) => r.statusCode === 429)?.json()).toMatchObject({
      detail: 'Trop de demandes ouvertes.',
      code: 'TOO_MANY_OPEN_THREADS',
    });
    expect(await openCount(user.userId)).toBe(10);
    expect(await t.ctx.repos.threads.list(user.userId)).toHaveLength(10);

    // Another customer is not limited by this one.
    const other = await registerUser(t.app);
    expect((await openThread(other.token, thread(0))).statusCode).toBe(201);

    // Closing one (twice: idempotent, counted once) frees exactly one slot.
    const first = burst.find((r) => r.statusCode === 201)?.json<{ id: string }>().id ?? '';
    const closes = await Promise.all([
      adminPost(t.app, admin, `/support/threads/${first}/close`, {}),
      adminPost(t.app, admin, `/support/threads/${first}/close`, {}),
    ]);
    expect(closes.map((r) => r.statusCode)).toEqual([200, 200]);
    const again = await Promise.all([
      openThread(user.token, thread(100)),
      openThread(user.token, thread(101)),
    ]);
    expect(again.map((r) => r.statusCode).sort()).toEqual([201, 429]);
    expect(await openCount(user.userId)).toBe(10);
  });
});

describe('support threads at their limits', () => {
  it('accepts a subject of exactly 3 characters once trimmed', async () => {
    const { token } = await registerUser(t.app);
    const res = await openThread(token, { subject: '  Sav  ', initial_message: 'Bonjour' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ subject: 'Sav', order_id: null, closed: false });
  });

  it('refuses a blank staff reply, and adds nothing to the thread', async () => {
    const { token } = await registerUser(t.app);
    const thread = (await openThread(token, { subject: 'Question', initial_message: 'Bonjour' })).json();
    const res = await adminPost(t.app, admin, `/support/threads/${thread.id}/reply`, { body: '   ' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ detail: 'Le message ne peut pas être vide' });
    const read = await t.app.inject({ url: `/api/support/threads/${thread.id}`, headers: bearer(token) });
    expect(read.json().messages).toHaveLength(1);
  });

  it('answers 404 "Fil de discussion introuvable" to a message for an unknown thread', async () => {
    const { token } = await registerUser(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/support/threads/00000000-0000-4000-8000-000000000000/messages',
      headers: bearer(token),
      payload: { body: 'Allô ?' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ detail: 'Fil de discussion introuvable' });
  });
});
