import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../helpers/cluster.js';
import { TEST_DATABASE_URL } from '../helpers/postgres.js';

/**
 * The balancer's retry policy, tested on nginx itself (scripts/nginx-up.sh): in front of an
 * upstream that accepts a connection, reads the request and dies without answering, and a
 * healthy one. A GET is passed on to the healthy upstream; a POST that reached the dying one is
 * never replayed (502 to the client, who retries with its Idempotency-Key); a refused connection
 * is passed on whatever the method. Runs with the cluster tests (PostgreSQL pass of CI).
 */
if (!TEST_DATABASE_URL)
  console.warn('balancer retry policy: skipped, DATABASE_URL is not set (runs with the cluster tests)');

const listen = async (server: Server | TcpServer): Promise<number> => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
};

describe.skipIf(!TEST_DATABASE_URL)('nginx in front of an instance that dies mid-request', () => {
  const received: string[] = [];
  let healthy: Server;
  let dying: TcpServer;
  let dir: string;
  let lb: string;
  let closedPort: number;

  beforeAll(async () => {
    healthy = createHttpServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    // Reads the request, then drops the connection: an instance killed while it held the request.
    dying = createTcpServer((socket) => socket.once('data', () => socket.destroy()));
    const ports = [await listen(dying), await listen(healthy)];
    const closed = createTcpServer();
    closedPort = await listen(closed);
    closed.close();
    dir = await mkdtemp(join(tmpdir(), 'retry-policy-nginx-'));
    const { stdout } = await promisify(execFile)('bash', [
      'scripts/nginx-up.sh',
      '--dir',
      dir,
      ...ports.map(String),
      String(closedPort),
    ]);
    lb = stdout.trim();
  }, 60_000);
  afterAll(async () => {
    const pid = Number((await readFile(join(dir, 'nginx.pid'), 'utf8').catch(() => '')).trim());
    if (pid > 0) process.kill(pid, 'SIGTERM');
    healthy?.close();
    dying?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('never sends a POST that reached an instance to another one, but passes GETs and refused connections on', async () => {
    const answers: { method: string; status: number }[] = [];
    // Round robin over three upstreams (dying, healthy, closed): 12 requests reach each first choice 4 times.
    for (let i = 0; i < 12; i += 1) {
      const method = i % 2 === 0 ? 'POST' : 'GET';
      const res = await http(`${lb}/api/orders/checkout?n=${i}`, {
        method,
        body: method === 'POST' ? {} : undefined,
      });
      answers.push({ method, status: res.status });
    }
    const posts = answers.filter((a) => a.method === 'POST');
    const gets = answers.filter((a) => a.method === 'GET');
    // Every GET was answered by the healthy upstream, whichever upstream nginx tried first.
    expect(gets.every((a) => a.status === 200)).toBe(true);
    // Some POSTs reached the dying upstream: those got 502 and were never sent anywhere else.
    const refused = posts.filter((a) => a.status === 502).length;
    expect(refused).toBeGreaterThan(0);
    expect(posts.filter((a) => a.status === 200).length).toBe(posts.length - refused);
    expect(received.filter((r) => r.startsWith('POST')).length).toBe(posts.length - refused);
    // A POST whose first choice refused the connection (the closed port) was passed on and answered.
    const log = await readFile(join(dir, 'access.log'), 'utf8');
    expect(log).toMatch(new RegExp(`"POST [^"]+" 200 upstream=127\\.0\\.0\\.1:${closedPort}, `));
  });
});
