import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorization, Cluster, http, login } from '../helpers/cluster.js';
import { TEST_DATABASE_URL } from '../helpers/postgres.js';
import { uid } from '../helpers/uid.js';

/**
 * Two server processes behind nginx (scripts/nginx-up.sh), TRUST_PROXY=1: nothing that
 * matters is kept on one machine (images), and per-address limits see the client's address.
 */
if (!TEST_DATABASE_URL)
  console.warn(
    'cluster (images, client addresses): skipped, DATABASE_URL is not set (npm run test:pg runs it)',
  );

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

function multipart(content: Buffer): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----cluster-boundary-3f9a';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.skipIf(!TEST_DATABASE_URL)('two instances behind nginx', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await Cluster.start(TEST_DATABASE_URL ?? '', 2, { TRUST_PROXY: '1' });
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('serves an image uploaded through the balancer from each instance, same bytes and same ETag', async () => {
    const admin = await login(cluster.lb, 'admin@example.com', 'admin123');
    const { body, headers } = multipart(PNG);
    const uploaded = await http(`${cluster.lb}/api/admin/upload-image`, {
      method: 'POST',
      headers: { ...headers, ...authorization(admin) },
      body,
    });
    expect(uploaded.status).toBe(200);
    const url = uploaded.json<{ image_url: string }>().image_url;

    const answers = await Promise.all(cluster.instances.map((instance) => http(instance.base + url)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.equals(PNG)).toBe(true);
      expect(answer.headers['content-type']).toBe('image/png');
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const etag = answers[0]?.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    expect(answers[1]?.headers.etag).toBe(etag);

    // A validator from one instance is good at the other: 304, no body.
    const revalidated = await http(cluster.instance(1).base + url, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
  });

  it('serves the demo images from the database too, through either instance', async () => {
    const products = (await http(`${cluster.lb}/api/catalog/products?limit=3`)).json<{
      items?: { image_url: string | null }[];
      products?: { image_url: string | null }[];
    }>();
    const list = products.items ?? products.products ?? [];
    const imageUrl = list.find((p) => p.image_url)?.image_url ?? '';
    const path = new URL(imageUrl, cluster.lb).pathname;
    expect(path).toMatch(/^\/api\/uploads\//);
    for (const instance of cluster.instances) expect((await http(instance.base + path)).status).toBe(200);
  });

  it('with TRUST_PROXY=1, five failed logins from one client get it 429 while another client still logs in', async () => {
    const email = `${uid('victim')}@example.com`;
    const registered = await http(`${cluster.lb}/api/auth/register`, {
      method: 'POST',
      localAddress: '127.0.0.2',
      body: { email, password: 'secret123', first_name: 'V', last_name: 'Ictime', address: '1 rue X, Paris' },
    });
    expect(registered.status).toBe(201);

    // The attacker (127.0.0.3) guesses through the balancer, which sends X-Forwarded-For: 127.0.0.3.
    const guess = (headers: Record<string, string> = {}) =>
      http(`${cluster.lb}/api/auth/login`, {
        method: 'POST',
        localAddress: '127.0.0.3',
        headers,
        body: { email, password: 'wrong-password' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await guess()).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const refused = await guess();
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({ detail: 'Trop de tentatives, réessayez plus tard.' });
    // A forged X-Forwarded-For does not help: nginx appends the address it saw, and one hop is trusted.
    expect((await guess({ 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);

    // The victim, at another address, logs in with the right password through the same balancer.
    const victim = await http(`${cluster.lb}/api/auth/login`, {
      method: 'POST',
      localAddress: '127.0.0.2',
      body: { email, password: 'secret123' },
    });
    expect(victim.status).toBe(200);
    expect(victim.json()).toMatchObject({ token: expect.any(String) });
  });
});
