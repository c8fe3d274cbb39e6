import { Agent, request } from 'node:http';

/**
 * The readers of bench/picture-flood.ts, in a process of their own:
 * `picture-readers.ts <base> <path> <etag> <seconds> <readers>`. A third of them revalidate with
 * If-None-Match. Prints one line: the statuses and the 304's latency.
 */
const [base = '', path = '', etag = '', secondsText = '20', readersText = '96'] = process.argv.slice(2);
const { hostname, port } = new URL(base);
const until = Date.now() + Number(secondsText) * 1000;
const readers = Number(readersText);
const statuses = new Map<number, number>();
const revalidations: number[] = [];
const agent = new Agent({ keepAlive: true, maxSockets: readers });

const read = (revalidate: boolean) =>
  new Promise<number>((resolve) => {
    const started = performance.now();
    const req = request(
      { agent, hostname, port, path, headers: revalidate ? { 'if-none-match': etag } : {} },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (revalidate && res.statusCode === 304) revalidations.push(performance.now() - started);
          resolve(res.statusCode ?? 0);
        });
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end();
  });

await Promise.all(
  Array.from({ length: readers }, async (_, i) => {
    while (Date.now() < until) {
      const status = await read(i % 3 === 0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }),
);
agent.destroy();
const sorted = revalidations.sort((a, b) => a - b);
const at = (p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
const total = [...statuses.values()].reduce((a, b) => a + b, 0);
console.log(
  `readers: ${readers} for ${secondsText} s, ${total} reads: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}; ` +
    `304 p50 ${at(50).toFixed(1)} ms, p99 ${at(99).toFixed(1)} ms`,
);
