import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/free-port.js';
import { SELLER_ENV } from '../helpers/seller-env.js';
import { startServer, waitForListening, waitForOutput } from '../helpers/server-process.js';

// Every server here runs on memory: what is tested is the process, not the store.
const base = { HOST: '127.0.0.1', DATABASE_URL: '', SEED_DEMO: 'true' };
const freshUploadDir = () => join(mkdtempSync(join(tmpdir(), 'start-stop-')), 'uploads');

async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  probe.listen({ port, host: '127.0.0.1' });
  try {
    await once(probe, 'listening');
  } catch {
    return false;
  }
  probe.close();
  await once(probe, 'close');
  return true;
}

// Each test starts a server process: slow on a busy machine.
describe('starting and stopping like a service', { timeout: 60_000 }, () => {
  it('says in one line where it listens, where the docs are, which store and whether demo data was loaded', async () => {
    const port = await freePort();
    const server = startServer({
      ...base,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      UPLOAD_DIR: freshUploadDir(),
    });
    try {
      await waitForListening(server);
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.includes('Server listening'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`http://127.0.0.1:${port}`);
      expect(lines[0]).toContain(`http://127.0.0.1:${port}/docs`);
      expect(lines[0]).toContain('store: in memory');
      expect(lines[0]).toContain('demo data loaded');
      expect(JSON.parse(lines[0] ?? '{}').level).toBe(40);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('stops with its port when `npm start` is sent SIGTERM', async () => {
    const port = await freePort();
    const server = startServer(
      { ...base, ...SELLER_ENV, PORT: String(port), SEED_DEMO: 'false' },
      'npm-start',
    );
    await waitForListening(server);
    expect(await portIsFree(port)).toBe(false);
    server.child.kill('SIGTERM');
    // npm passes the signal to the server, waits for it, then ends itself by that signal.
    const [code, signal] = await once(server.child, 'exit');
    expect([0, 'SIGTERM']).toContain(code ?? signal);
    await waitForOutput(server, 'shutting down');
    expect(await portIsFree(port)).toBe(true);
  });

  it('refuses a taken port in one line naming it, before loading anything', async () => {
    const taken = createServer();
    taken.listen({ port: 0, host: '127.0.0.1' });
    await once(taken, 'listening');
    const { port } = taken.address() as { port: number };
    const uploadDir = freshUploadDir();
    try {
      const server = startServer({ ...base, PORT: String(port), UPLOAD_DIR: uploadDir });
      const [code] = await once(server.child, 'exit');
      expect(code).toBe(1);
      const lines = server.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Port ${port}`);
      expect(lines[0]).toContain('PORT=');
      expect(server.output()).not.toContain('EADDRINUSE');
      // Demo pictures are written to UPLOAD_DIR while seeding: nothing was.
      expect(existsSync(uploadDir)).toBe(false);
    } finally {
      taken.close();
    }
  });

  it('refuses an empty PORT rather than listening on a random one', async () => {
    const server = startServer({ ...base, PORT: '' });
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(1);
    expect(server.output()).toContain('PORT');
    expect(server.output()).not.toContain('Server listening');
  });
});
