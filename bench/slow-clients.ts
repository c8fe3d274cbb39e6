import { drip } from '../test/helpers/drip.js';
import { startProcess } from './lib.js';

/**
 * Slow clients against a started server (memory store, default settings unless the
 * environment says otherwise): a header dripped one byte every 5 s, and a body dripped the
 * same way, several of each at once. Prints when the server cut each (BENCHMARKS.md,
 * "Slow clients"). `npx tsx bench/slow-clients.ts [interval-ms] [clients-per-kind]`.
 */
const intervalMs = Number(process.argv[2] ?? 5000);
const clients = Number(process.argv[3] ?? 4);
const port = 18_000 + Math.floor(Math.random() * 1000);
const server = await startProcess(
  ['--import', 'tsx', 'src/main.ts'],
  { SEED_DEMO: 'false', LOG_LEVEL: 'warn' },
  port,
);
try {
  const kinds = ['headers', 'body'] as const;
  const runs = kinds.flatMap((kind) =>
    Array.from({ length: clients }, async (_, i) => {
      // Spread the starts over one interval so the cuts do not all line up on one check.
      await new Promise((resolve) => setTimeout(resolve, (i * intervalMs) / clients));
      return { kind, ...(await drip(port, kind, intervalMs)) };
    }),
  );
  const outcomes = await Promise.all(runs);
  for (const kind of kinds) {
    const cuts = outcomes.filter((o) => o.kind === kind).map((o) => o.cutAfterMs / 1000);
    const statuses = [...new Set(outcomes.filter((o) => o.kind === kind).map((o) => o.status ?? 'none'))];
    console.log(
      `${kind.padEnd(7)} drip, 1 byte / ${intervalMs} ms: cut after ${Math.min(...cuts).toFixed(1)}–${Math.max(...cuts).toFixed(1)} s, status ${statuses.join(', ')}`,
    );
  }
} finally {
  await server.stop();
}
