/**
 * `npx tsx bench/reset-timing.ts` (after `npm run build`): POST /api/auth/password/forgot for an
 * address that is an account's and for one that is not, interleaved, 50 of each after a warm-up,
 * against the production build (memory, or PostgreSQL when DATABASE_URL is set). The two
 * medians must be within 20 %: the answer's time says nothing about which addresses exist.
 * Settings: BENCH_RESET_SAMPLES (50).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/free-port.js';
import { median, startProcess } from './lib.js';

const SAMPLES = Number(process.env.BENCH_RESET_SAMPLES ?? 50);
const WARMUP = 20;
const work = mkdtempSync(join(tmpdir(), 'ecommerce-reset-bench-'));

async function forgot(base: string, email: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}/api/auth/password/forgot`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  await res.text();
  const ms = performance.now() - started;
  if (res.status !== 202) throw new Error(`forgot answered ${res.status}`);
  return ms;
}

async function main(): Promise<void> {
  const port = await freePort();
  const server = await startProcess(
    ['dist/main.js'],
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      UPLOAD_DIR: join(work, 'uploads'),
      MAIL_DIR: join(work, 'mail'),
      // The limit would answer 429 long before the samples are taken: it is not what is measured.
      RATE_LIMIT_MAIL_MAX: '1000000',
    },
    port,
  );
  try {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
      // Alternate which goes first, so neither always meets a warmer server.
      const pair =
        i % 2 === 0
          ? [
              await forgot(server.base, 'alice@example.com'),
              await forgot(server.base, `nobody-${i}@example.com`),
            ]
          : [
              await forgot(server.base, `nobody-${i}@example.com`),
              await forgot(server.base, 'alice@example.com'),
            ].reverse();
      if (i < WARMUP) continue;
      known.push(pair[0] ?? 0);
      unknown.push(pair[1] ?? 0);
    }
    const [k, u] = [median(known), median(unknown)];
    const gap = Math.abs(k - u) / Math.min(k, u);
    const store = process.env.DATABASE_URL ? 'PostgreSQL' : 'memory';
    console.log(
      `forgot-password on ${store}, medians of ${SAMPLES}: known ${k.toFixed(2)} ms, unknown ${u.toFixed(2)} ms, gap ${(gap * 100).toFixed(1)} %`,
    );
    if (gap > 0.2) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

await main();
