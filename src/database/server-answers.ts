import { connect } from 'node:net';

/** Where a postgres:// URL points: a TCP host and port, or a Unix socket directory (`?host=/run/postgresql`). */
function addressOf(databaseUrl: string): { host: string; port: number } | { path: string } {
  const url = new URL(databaseUrl);
  const port = Number(url.port || 5432);
  const host = url.searchParams.get('host') ?? decodeURIComponent(url.hostname);
  if (host.startsWith('/')) return { path: `${host}/.s.PGSQL.${port}` };
  return { host: host.replace(/^\[|\]$/g, '') || 'localhost', port };
}

/** The SSLRequest message: any PostgreSQL answers it at once with one byte, `S` or `N`. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);

/**
 * True when a PostgreSQL server answers at `databaseUrl` within `timeoutMs`: a connection that is
 * accepted and hung up, refused, or silent says no. It asks without logging in and closes at once,
 * so it costs the server one short-lived connection and no backend session.
 */
export function serverAnswers(databaseUrl: string, timeoutMs: number): Promise<boolean> {
  let address: ReturnType<typeof addressOf>;
  try {
    address = addressOf(databaseUrl);
  } catch {
    // An address this check cannot read (several hosts): never fail work on a guess.
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const socket = connect(address);
    const settle = (answered: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    socket.once('connect', () => socket.write(SSL_REQUEST));
    socket.once('data', (reply) => settle(reply[0] === 0x53 || reply[0] === 0x4e));
    socket.once('error', () => settle(false));
    socket.once('close', () => settle(false));
  });
}
