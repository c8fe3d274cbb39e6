import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/free-port.js';
import { createSchema, databaseUrlWithSchema, dropSchema, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { type ServerProcess, startServer, waitForListening } from '../helpers/server-process.js';

const README = readFileSync('README.md', 'utf8');
const API_LINE = 'API=http://localhost:8000';

/** The README's `sh` blocks, in order: the walkthrough a reader pastes into a shell. */
const shellBlocks = (markdown: string): string[] =>
  [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');

async function runBash(script: string): Promise<{ code: number | null; output: string }> {
  const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const [code] = await once(child, 'exit');
  return { code, output };
}

describe('README walkthrough', () => {
  let server: ServerProcess;
  let base: string;
  let schema: string | undefined;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    schema = TEST_DATABASE_URL ? await createSchema(TEST_DATABASE_URL) : undefined;
    server = startServer({
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      UPLOAD_DIR: join(mkdtempSync(join(tmpdir(), 'readme-')), 'uploads'),
      DATABASE_URL: TEST_DATABASE_URL && schema ? databaseUrlWithSchema(TEST_DATABASE_URL, schema) : '',
    });
    await waitForListening(server);
  }, 60_000);

  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    if (TEST_DATABASE_URL && schema) await dropSchema(TEST_DATABASE_URL, schema);
  });

  it('runs every shell block in order against a fresh server, with no error answer', {
    timeout: 120_000,
  }, async () => {
    const blocks = shellBlocks(README);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const script = blocks.join('\n');
    expect(script).toContain(API_LINE);
    // --fail-with-body on every call and `bash -e -o pipefail`: any 4xx or 5xx stops the run.
    const { code, output } = await runBash(script.replace(API_LINE, `API=${base}`));
    expect(code, output).toBe(0);
    expect(output).toContain('"status":"LIVREE"');
    expect(output).toContain('"status":"ANNULEE"');
    expect(output).toContain('image/png');
    expect(output).toContain('"low_stock_products":[');
    // The last call uses the revoked token on purpose.
    expect(output.trim().endsWith('"Déconnexion réussie"}401'), output.slice(-300)).toBe(true);
  });

  it('gives every checkout and payment a fresh idempotency key', () => {
    const keys = [...README.matchAll(/Idempotency-Key: ([^"'\s]+)/g)].map((match) => match[1]);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^\$/);
  });
});
