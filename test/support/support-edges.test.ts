import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPost, adminToken } from '../helpers/shop.js';
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
