import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { linkToken, SmtpSink } from '../helpers/smtp-sink.js';
import { bearer, buildTestApp, detailOf, loginAs, registerUser, type TestApp } from '../helpers/test-app.js';
import { uid } from '../helpers/uid.js';

/** Every flow through the API, its mail received by a real SMTP server on loopback. */
const sink = new SmtpSink();
let t: TestApp;

beforeAll(async () => {
  await sink.start();
});
afterAll(async () => {
  await sink.stop();
});

async function freshApp(config: Partial<Config> = {}) {
  t = await buildTestApp({ config: { smtpUrl: sink.url, mailPollIntervalMs: 50, ...config } });
}
beforeEach(async () => freshApp());
afterEach(async () => t.app.close());

const post = (url: string, payload?: object, token?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    ...(payload && { payload }),
    ...(token && { headers: bearer(token) }),
  });
const mailTo = (to: string, subject: string) =>
  sink.waitFor((m) => m.to === to && m.subject.startsWith(subject)).then((found) => found[0] ?? never());
const never = (): never => {
  throw new Error('no mail');
};
const email = () => `${uid('acct')}@example.com`;

describe('address verification', () => {
  it('registration mails a link that verifies the address once', async () => {
    const user = await registerUser(t.app, { email: email(), first_name: '<b>Jeanne</b>' });
    const mail = await mailTo(user.email, 'Vérifiez votre adresse e-mail');
    expect(mail.text).toContain('Bonjour <b>Jeanne</b>,');
    expect(mail.html).toContain('&lt;b&gt;Jeanne&lt;/b&gt;');
    const me = () => t.app.inject({ url: '/api/auth/me', headers: bearer(user.token) });
    expect((await me()).json()).toMatchObject({ email_verified: false });
    const token = linkToken(mail, '/verifier-email');
    const verified = await post('/api/auth/email/verify', { token });
    expect(verified.statusCode).toBe(200);
    expect((await me()).json()).toMatchObject({ email_verified: true });
    const again = await post('/api/auth/email/verify', { token });
    expect(again.statusCode).toBe(400);
    expect(detailOf(again)).toBe('Lien de vérification invalide ou expiré.');
    const resend = await post('/api/auth/email/resend', undefined, user.token);
    expect(resend.statusCode).toBe(400);
  });

  it('resend replaces the link: only the newest one works', async () => {
    const user = await registerUser(t.app, { email: email() });
    const first = linkToken(await mailTo(user.email, 'Vérifiez'), '/verifier-email');
    expect((await post('/api/auth/email/resend', undefined, user.token)).statusCode).toBe(202);
    const mails = await sink.waitFor((m) => m.to === user.email, 2);
    const second = linkToken(mails[1] ?? never(), '/verifier-email');
    expect((await post('/api/auth/email/verify', { token: first })).statusCode).toBe(400);
    expect((await post('/api/auth/email/verify', { token: second })).statusCode).toBe(200);
  });

  it('REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT refuses checkout until the address is verified', async () => {
    await t.app.close();
    await freshApp({ requireVerifiedEmailForCheckout: true });
    const user = await registerUser(t.app, { email: email() });
    const refused = await post('/api/orders/checkout', undefined, user.token);
    expect(refused.statusCode).toBe(403);
    expect(detailOf(refused)).toBe(
      'Vérifiez votre adresse e-mail avant de commander : un lien vous a été envoyé.',
    );
    const token = linkToken(await mailTo(user.email, 'Vérifiez'), '/verifier-email');
    await post('/api/auth/email/verify', { token });
    // Verified: the checkout goes on to its own rules (an empty cart here).
    expect(detailOf(await post('/api/orders/checkout', undefined, user.token))).toBe('Panier vide.');
  });
});

describe('address change', () => {
  it('keeps the old address until the new one is confirmed, and tells the old one', async () => {
    const user = await registerUser(t.app, { email: email() });
    const next = email();
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/auth/me',
      headers: bearer(user.token),
      payload: { email: next.toUpperCase(), first_name: 'Léa' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ email: user.email, first_name: 'Léa' });
    const notice = await mailTo(user.email, "Changement d'adresse e-mail demandé");
    expect(notice.text).toContain(next);
    const token = linkToken(await mailTo(next, 'Confirmez votre nouvelle adresse'), '/verifier-email');
    expect((await post('/api/auth/email/verify', { token })).statusCode).toBe(200);
    const me = await t.app.inject({ url: '/api/auth/me', headers: bearer(user.token) });
    expect(me.json()).toMatchObject({ email: next, email_verified: true });
    expect(await loginAs(t.app, next, 'secret123')).toBeTruthy();
  });

  it('refuses an address another account holds', async () => {
    const a = await registerUser(t.app, { email: email() });
    const b = await registerUser(t.app, { email: email() });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/auth/me',
      headers: bearer(a.token),
      payload: { email: b.email },
    });
    expect(put.statusCode).toBe(400);
  });
});

describe('forgotten password', () => {
  const forgot = (address: string) => post('/api/auth/password/forgot', { email: address });

  it('answers a known and an unknown address alike, and mails only the known one', async () => {
    const user = await registerUser(t.app, { email: email() });
    const unknown = email();
    const [known, stranger] = [await forgot(user.email), await forgot(unknown)];
    expect(known.statusCode).toBe(202);
    expect(stranger.statusCode).toBe(202);
    expect(stranger.body).toBe(known.body);
    expect(Object.keys(stranger.headers).sort()).toEqual(Object.keys(known.headers).sort());
    await mailTo(user.email, 'Réinitialisation de votre mot de passe');
    await t.ctx.services.mail.worker.deliverDue();
    expect(sink.to(unknown)).toEqual([]);
  });

  it('a reset link sets the password once, ends every session and mails a notice', async () => {
    const user = await registerUser(t.app, { email: email(), first_name: 'Zoé' });
    const other = await loginAs(t.app, user.email, 'secret123');
    await forgot(user.email.toUpperCase());
    const token = linkToken(await mailTo(user.email, 'Réinitialisation'), '/nouveau-mot-de-passe');
    const reset = await post('/api/auth/password/reset', { token, password: 'nouveau123' });
    expect(reset.statusCode).toBe(200);
    for (const old of [user.token, other])
      expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(old) })).statusCode).toBe(401);
    expect(await loginAs(t.app, user.email, 'nouveau123')).toBeTruthy();
    const notice = await mailTo(user.email, 'Mot de passe modifié');
    expect(notice.text).toContain('Bonjour Zoé,');
    const reused = await post('/api/auth/password/reset', { token, password: 'encore1234' });
    expect(reused.statusCode).toBe(400);
    expect(detailOf(reused)).toBe('Lien de réinitialisation invalide ou expiré.');
  });

  it('an expired link, an unknown one and one replaced by a newer request are refused alike', async () => {
    const user = await registerUser(t.app, { email: email() });
    await forgot(user.email);
    const first = linkToken(await mailTo(user.email, 'Réinitialisation'), '/nouveau-mot-de-passe');
    await forgot(user.email);
    const resets = await sink.waitFor(
      (m) => m.to === user.email && m.subject.startsWith('Réinitialisation'),
      2,
    );
    const second = linkToken(resets[1] ?? never(), '/nouveau-mot-de-passe');
    expect(second).not.toBe(first);
    const replaced = await post('/api/auth/password/reset', { token: first, password: 'nouveau123' });
    const unknown = await post('/api/auth/password/reset', { token: 'x'.repeat(43), password: 'nouveau123' });
    t.clock.advance(t.ctx.config.passwordResetTtlSeconds * 1000);
    const expired = await post('/api/auth/password/reset', { token: second, password: 'nouveau123' });
    for (const res of [replaced, unknown, expired]) {
      expect(res.statusCode).toBe(400);
      expect(res.body).toBe(unknown.body);
    }
    expect(await loginAs(t.app, user.email, 'secret123')).toBeTruthy();
  });

  it('the new password follows the registration rules', async () => {
    const res = await post('/api/auth/password/reset', { token: 'abc', password: '123' });
    expect(res.statusCode).toBe(422);
  });

  it('is throttled per address and per client address, with Retry-After', async () => {
    const address = email();
    const max = t.ctx.config.mailRateLimit.max;
    for (let i = 0; i < max; i += 1) expect((await forgot(address)).statusCode).toBe(202);
    const limited = await forgot(address);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address from the same client is counted too: the client's own slots are used up.
    expect((await forgot(email())).statusCode).toBe(429);
  });
});

describe('password change', () => {
  it('needs the current password and ends the other sessions only', async () => {
    const user = await registerUser(t.app, { email: email() });
    const other = await loginAs(t.app, user.email, 'secret123');
    const change = (current: string) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/auth/password',
        headers: bearer(user.token),
        payload: { current_password: current, new_password: 'nouveau123' },
      });
    const wrong = await change('pas-le-bon');
    expect(wrong.statusCode).toBe(400);
    expect(detailOf(wrong)).toBe('Mot de passe actuel incorrect.');
    expect((await change('secret123')).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(user.token) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: bearer(other) })).statusCode).toBe(401);
    await mailTo(user.email, 'Mot de passe modifié');
  });
});
