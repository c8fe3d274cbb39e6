import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

/**
 * The server to bench against: DATABASE_URL when set, else the one scripts/postgres-up.sh
 * installs or starts (it prints the test database's URL; only its server and role are used).
 */
export function benchServerUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  console.log('DATABASE_URL not set: starting PostgreSQL with scripts/postgres-up.sh');
  return execFileSync('bash', ['scripts/postgres-up.sh'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .at(-1) as string;
}

export const withDatabase = (url: string, database: string): string => {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
};

/** Drops `database` if it exists and creates it empty, owned by the URL's role (which needs CREATEDB). */
export async function recreateDatabase(serverUrl: string, database: string): Promise<void> {
  await admin(serverUrl, async (client) => {
    await client.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.unsafe(`CREATE DATABASE "${database}"`);
  });
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  await admin(serverUrl, async (client) => {
    await client.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });
}

/**
 * VACUUM (ANALYZE) of every table of `database` the URL's role owns: a phase of the bench pays
 * for its own dead rows before the next is measured, instead of leaving them to an autovacuum
 * that would run during, and be counted against, whatever comes next.
 */
export async function settle(serverUrl: string, database: string): Promise<void> {
  await onDatabase(serverUrl, database, async (client) => {
    await client.unsafe('VACUUM (ANALYZE)');
  });
}

/** Runs `work` on a connection of its own to `database`, closed afterwards. */
async function onDatabase<T>(
  serverUrl: string,
  database: string,
  work: (client: postgres.Sql) => Promise<T>,
): Promise<T> {
  const client = postgres(withDatabase(serverUrl, database), { max: 1, onnotice: () => {} });
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs on the `postgres` maintenance database: a database cannot be dropped from inside itself. */
const admin = <T>(serverUrl: string, work: (client: postgres.Sql) => Promise<T>): Promise<T> =>
  onDatabase(serverUrl, 'postgres', work);

/** pgbench from PATH, else from the newest /usr/lib/postgresql/<version>/bin (Debian's layout). */
function pgbenchPath(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
    for (const version of versions.reverse()) {
      const candidate = `${root}/${version}/bin/pgbench`;
      if (existsSync(candidate)) return candidate;
    }
  }
  return 'pgbench';
}

/** The same user, password, host and port as the URL, on `database`. */
function connectionArgs(url: string, database: string) {
  const { hostname, port, username, password } = new URL(url);
  return {
    args: ['-h', hostname, '-p', port || '5432', '-U', decodeURIComponent(username), database],
    env: { ...process.env, PGPASSWORD: decodeURIComponent(password) },
  };
}

interface Pgbench {
  /** `pgbench -i -s <scale>` on a database of its own, recreated. */
  init(): Promise<void>;
  /** TPC-B-like for `durationS` seconds: transactions per second and the mean latency in ms. */
  run(durationS: number): Promise<{ tps: number; latencyMs: number }>;
}

export function pgbench(
  serverUrl: string,
  database: string,
  scale: number,
  clients: number,
  threads: number,
) {
  const bin = pgbenchPath();
  const { args, env } = connectionArgs(serverUrl, database);
  return {
    async init() {
      await recreateDatabase(serverUrl, database);
      await run(bin, ['-i', '-q', '-s', String(scale), ...args], { env });
    },
    async run(durationS: number) {
      const { stdout } = await run(
        bin,
        ['-c', String(clients), '-j', String(threads), '-T', String(durationS), ...args],
        { env },
      );
      const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
      const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
      if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
      return { tps, latencyMs };
    },
  } satisfies Pgbench;
}

/** The pids of the backends serving `database` (the bench server's pool), to read their CPU from /proc. */
export async function backendPids(serverUrl: string, database: string): Promise<number[]> {
  const rows = await admin(serverUrl, (client) =>
    client.unsafe<{ pid: number }[]>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    ),
  );
  return rows.map((row) => row.pid);
}
