import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../scripts/free-port.js';
import { adminQuery, createSchema, databaseUrlWithSchema, dropSchema } from './postgres.js';
import { type ServerProcess, startServer } from './server-process.js';

/**
 * Real server processes on one PostgreSQL schema behind a real nginx (scripts/nginx-up.sh),
 * for the cluster tests of issue 14. Instances keep their port across restarts, so the
 * balancer's upstream list stays right.
 */
interface Instance {
  port: number;
  base: string;
  server: ServerProcess | null;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
}

interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string | object;
  /** The client's own address (127.0.0.x): lets one machine play several clients. */
  localAddress?: string;
  timeoutMs?: number;
}

/** One HTTP exchange on a fresh connection; rejects when there is no answer (reset, timeout). */
export function http(url: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const { method = 'GET', localAddress, timeoutMs = 12_000 } = options;
  const headers: Record<string, string> = { ...options.headers };
  let payload: Buffer | undefined;
  if (options.body !== undefined) {
    if (Buffer.isBuffer(options.body)) payload = options.body;
    else if (typeof options.body === 'string') payload = Buffer.from(options.body);
    else {
      payload = Buffer.from(JSON.stringify(options.body));
      headers['content-type'] ??= 'application/json';
    }
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json: <T>() => JSON.parse(body.toString('utf8')) as T,
        });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export const authorization = (token: string) => ({ authorization: `Bearer ${token}` });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Cluster {
  private constructor(
    readonly instances: Instance[],
    /** The balancer's URL: what clients use. */
    readonly lb: string,
    private readonly nginxDir: string,
    private readonly env: Record<string, string>,
    private readonly databaseUrl: string,
    private readonly schema: string,
  ) {}

  /** Starts `count` instances one after the other (the first seeds the demo data), then nginx. */
  static async start(databaseUrl: string, count: number, env: Record<string, string> = {}): Promise<Cluster> {
    const schema = await createSchema(databaseUrl);
    const instances: Instance[] = [];
    for (let i = 0; i < count; i += 1) {
      const port = await freePort();
      instances.push({ port, base: `http://127.0.0.1:${port}`, server: null });
    }
    const nginxDir = await mkdtemp(join(tmpdir(), 'cluster-nginx-'));
    const instanceEnv = {
      ...env,
      DATABASE_URL: databaseUrlWithSchema(databaseUrl, schema),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
    };
    const cluster = new Cluster(instances, '', nginxDir, instanceEnv, databaseUrl, schema);
    for (let i = 0; i < count; i += 1) await cluster.startInstance(i);
    const { stdout } = await promisify(execFile)('bash', [
      'scripts/nginx-up.sh',
      '--dir',
      nginxDir,
      ...instances.map((instance) => String(instance.port)),
    ]);
    return Object.assign(cluster, { lb: stdout.trim() });
  }

  /** Starts (or restarts) instance `i` on its port and waits until it answers /health. */
  async startInstance(i: number): Promise<void> {
    const instance = this.instance(i);
    const server = startServer({ ...this.env, PORT: String(instance.port) });
    instance.server = server;
    for (let tries = 0; tries < 600; tries += 1) {
      if (server.child.exitCode !== null) throw new Error(`instance ${i} exited: ${server.output()}`);
      try {
        if ((await http(`${instance.base}/health`, { timeoutMs: 1000 })).status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`instance ${i} did not start: ${server.output()}`);
  }

  /** Sends `signal` to instance `i` and waits for the process to end. */
  async stopInstance(i: number, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.instance(i).server?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }

  instance(i: number): Instance {
    const instance = this.instances[i];
    if (!instance) throw new Error(`no instance ${i}`);
    return instance;
  }

  /** A query on the cluster's schema, to check what the database holds after a run. */
  sql<R extends object>(text: string, values: unknown[] = []): Promise<R[]> {
    return adminQuery<R>(databaseUrlWithSchema(this.databaseUrl, this.schema), text, values);
  }

  /** What the balancer logged (its access log records which instance answered each request). */
  nginxLog(name: 'access.log' | 'error.log'): Promise<string> {
    return readFile(join(this.nginxDir, name), 'utf8').catch(() => '');
  }

  async stop(): Promise<void> {
    const pid = Number((await readFile(join(this.nginxDir, 'nginx.pid'), 'utf8').catch(() => '')).trim());
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    for (let i = 0; i < this.instances.length; i += 1) await this.stopInstance(i, 'SIGKILL');
    await rm(this.nginxDir, { recursive: true, force: true });
    await dropSchema(this.databaseUrl, this.schema);
  }
}

export async function login(base: string, email: string, password: string): Promise<string> {
  const res = await http(`${base}/api/auth/login`, { method: 'POST', body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.body}`);
  return res.json<{ token: string }>().token;
}
