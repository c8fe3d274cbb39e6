import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { median } from './lib.js';

const PASSWORD = 'bench-password';
const CARD = { card_number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };

interface Answer {
  status: number;
  body: string;
}

/**
 * A keep-alive JSON client on node:http: each shopper's requests reuse its socket, as a
 * browser or a mobile app would, so the loop measures the server and not connection set-up
 * (fetch's undici pool behaves differently and costs the client more CPU).
 */
export function keepAliveClient(base: string, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(base);
  const send = (method: string, path: string, body?: unknown, token?: string) =>
    new Promise<Answer>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: {
            ...(payload !== undefined && {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }),
            ...(token && { authorization: `Bearer ${token}` }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return { send, close: () => agent.destroy() };
}

export type Client = ReturnType<typeof keepAliveClient>;

/**
 * Registers `count` shoppers and logs each in once; the tokens serve every round that follows.
 * Four at a time: each is two scrypt hashes in libuv's four threads, and a burst of them delays
 * the server's new PostgreSQL connections (their SCRAM key derivation runs in the same threads)
 * past the connect timeout, which the server answers with 503.
 */
export async function logInShoppers(client: Client, count: number): Promise<string[]> {
  const run = Math.random().toString(36).slice(2, 8);
  const tokens: string[] = [];
  for (let first = 0; first < count; first += 4) {
    const batch = Array.from({ length: Math.min(4, count - first) }, (_, j) => first + j);
    tokens.push(
      ...(await Promise.all(batch.map((i) => logInOne(client, `shopper-${run}-${i}@example.com`)))),
    );
  }
  return tokens;
}

async function logInOne(client: Client, email: string): Promise<string> {
  const registered = await client.send('POST', '/api/auth/register', {
    email,
    password: PASSWORD,
    first_name: 'Bench',
    last_name: 'Shopper',
    address: '1 rue du Banc, Paris',
  });
  if (registered.status !== 201) throw new Error(`register → ${registered.status} ${registered.body}`);
  const login = await client.send('POST', '/api/auth/login', { email, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login → ${login.status} ${login.body}`);
  return (JSON.parse(login.body) as { token: string }).token;
}

/** Ticks per second of /proc/<pid>/stat's CPU times (100 on Linux almost everywhere). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU the process has spent so far, in ms, or NaN where /proc is not there. */
export function cpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: utime, stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

export interface PurchaseResult {
  purchasesPerS: number;
  p50: number;
  p99: number;
  errors: number;
  /** The first refused step, to tell a bench bug from a server one. */
  firstError: string | null;
  purchases: number;
  /** Server CPU (user + system) per completed purchase, from /proc/<pid>/stat. */
  cpuMsPerPurchase: number;
  /** This process's CPU per completed purchase: the load generator's share of the machine. */
  clientCpuMsPerPurchase: number;
}

/**
 * Each logged-in shopper loops add → checkout → pay for `durationS` seconds, buying
 * `productIds[i % n]`. The latency is the whole purchase, three requests in a row.
 */
export async function purchaseLoop(
  client: Client,
  tokens: readonly string[],
  productIds: readonly string[],
  durationS: number,
  serverPid: number | undefined,
): Promise<PurchaseResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const refused = (step: string, answer: Answer) => {
    errors += 1;
    firstError ??= `${step} → ${answer.status} ${answer.body.slice(0, 200)}`;
  };
  const deadline = performance.now() + durationS * 1000;
  const shopper = async (token: string, productId: string) => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const added = await client.send('POST', '/api/cart/add', { product_id: productId, quantity: 1 }, token);
      if (added.status !== 200) {
        refused('add', added);
        continue;
      }
      const order = await client.send('POST', '/api/orders/checkout', {}, token);
      if (order.status !== 201) {
        refused('checkout', order);
        continue;
      }
      const { id } = JSON.parse(order.body) as { id: string };
      const paid = await client.send('POST', '/api/orders/pay', { order_id: id, ...CARD }, token);
      if (paid.status !== 200) refused('pay', paid);
      else latencies.push(performance.now() - started);
    }
  };
  const cpuBefore = cpuMs(serverPid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(tokens.map((token, i) => shopper(token, productIds[i % productIds.length] ?? '')));
  const elapsedS = (performance.now() - started) / 1000;
  const cpuSpent = cpuMs(serverPid) - cpuBefore;
  const { user, system } = process.cpuUsage(clientBefore);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    purchasesPerS: latencies.length / elapsedS,
    p50: median(latencies),
    p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
    errors,
    firstError,
    purchases: latencies.length,
    cpuMsPerPurchase: latencies.length > 0 ? cpuSpent / latencies.length : Number.NaN,
    clientCpuMsPerPurchase: latencies.length > 0 ? (user + system) / 1000 / latencies.length : Number.NaN,
  };
}
