import { median } from './lib.js';
import type { PgComparison, Store } from './pg-compare.js';

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';
const pct = (ratio: number) => `${fmt(ratio * 100)} %`;
const verdict = (met: boolean) => (met ? 'met' : '**not met**');

/** The markdown table for BENCHMARKS.md, medians of the rounds and of the per-round ratios. */
export function printPgComparison(result: PgComparison): void {
  const { settings: s } = result;
  console.log(
    `\nmemory vs PostgreSQL, same build, ${s.rounds} rounds × ${s.durationS} s, alternating; ` +
      `reads at ${s.connections} connections, purchase loop with ${s.shoppers} shoppers over ` +
      `${s.purchaseProducts} product(s) after ${s.purchaseWarmupS} s of discarded purchases per server; ` +
      `Node ${process.version}; medians of the rounds\n`,
  );
  console.log(
    '| scenario | in memory | PostgreSQL | PostgreSQL / memory | target | memory p99 ms | PostgreSQL p99 ms |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const { scenario, target, runs } of result.reads) {
    const ratio = median(runs.postgres.map((r, i) => r.rps / (runs.memory[i]?.rps ?? Number.NaN)));
    const errors = [...runs.memory, ...runs.postgres].reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    console.log(
      `| ${scenario} | ${fmt(median(runs.memory.map((r) => r.rps)))} req/s | ${fmt(median(runs.postgres.map((r) => r.rps)))} req/s ` +
        `| **${pct(ratio)}** | ≥ ${pct(target)} (${verdict(ratio >= target)}) ` +
        `| ${fmt(median(runs.memory.map((r) => r.p99)), 1)} | ${fmt(median(runs.postgres.map((r) => r.p99)), 1)} |`,
    );
    if (errors > 0) console.log(`|   ↳ ${errors} errors or non-2xx answers | | | | | | |`);
  }

  const purchase = (store: Store) => {
    const runs = result.purchases[store];
    return {
      rate: median(runs.map((r) => r.purchasesPerS)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      cpu: median(runs.map((r) => r.cpuMsPerPurchase)),
      clientCpu: median(runs.map((r) => r.clientCpuMsPerPurchase)),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
      firstError: runs.find((r) => r.firstError)?.firstError ?? null,
    };
  };
  const mem = purchase('memory');
  const pg = purchase('postgres');
  const tps = median(result.pgbench.map((r) => r.tps));
  const ofPgbench = median(
    result.purchases.postgres.map((r, i) => r.purchasesPerS / (result.pgbench[i]?.tps ?? Number.NaN)),
  );
  console.log(
    `| purchase loop (add → checkout → pay) | ${fmt(mem.rate, 1)} purchases/s | ${fmt(pg.rate, 1)} purchases/s ` +
      `| ${pct(pg.rate / mem.rate)} | – | ${fmt(mem.p99, 1)} | ${fmt(pg.p99, 1)} |`,
  );

  console.log('\n| purchase loop | in memory | PostgreSQL | target |');
  console.log('|---|---|---|---|');
  console.log(`| purchases/s | ${fmt(mem.rate, 1)} | ${fmt(pg.rate, 1)} | |`);
  console.log(
    `| p50 / p99 ms | ${fmt(mem.p50, 1)} / ${fmt(mem.p99, 1)} | ${fmt(pg.p50, 1)} / ${fmt(pg.p99, 1)} | p99 < 150 ms on PostgreSQL (${verdict(pg.p99 < 150)}) |`,
  );
  console.log(`| server CPU ms per purchase | ${fmt(mem.cpu, 2)} | ${fmt(pg.cpu, 2)} | |`);
  console.log(
    `| load generator CPU ms per purchase | ${fmt(mem.clientCpu, 2)} | ${fmt(pg.clientCpu, 2)} | |`,
  );
  console.log(
    `| PostgreSQL backends' CPU ms per purchase | – | ${fmt(median(result.databaseCpuMsPerPurchase), 2)} | |`,
  );
  console.log(`| errors | ${mem.errors} | ${pg.errors} | 0 |`);
  console.log(
    `| pgbench TPC-B-like, scale ${s.pgbenchScale}, -c ${s.pgbenchClients} -j ${s.pgbenchThreads} | | ${fmt(tps)} tps ` +
      `(mean latency ${fmt(median(result.pgbench.map((r) => r.latencyMs)), 1)} ms) | |`,
  );
  console.log(
    `| PostgreSQL purchases / pgbench tps | | **${pct(ofPgbench)}** | ≥ 20 % (${verdict(ofPgbench >= 0.2)}) |`,
  );
  console.log(
    '\n| round | memory purchases/s | PostgreSQL purchases/s | pgbench tps | PostgreSQL / pgbench |',
  );
  console.log('|---|---|---|---|---|');
  result.pgbench.forEach((bench, i) => {
    const memoryRate = result.purchases.memory[i]?.purchasesPerS ?? Number.NaN;
    const rate = result.purchases.postgres[i]?.purchasesPerS ?? Number.NaN;
    console.log(
      `| ${i + 1} | ${fmt(memoryRate, 1)} | ${fmt(rate, 1)} | ${fmt(bench.tps)} | ${pct(rate / bench.tps)} |`,
    );
  });
  for (const [store, p] of [
    ['memory', mem],
    ['PostgreSQL', pg],
  ] as const) {
    if (p.firstError) console.log(`\n${store} purchase loop, first refusal: ${p.firstError}`);
  }
  console.log(
    `\nstart-up to first answered request (demo data): memory ${fmt(result.startupMs.memory)} ms, ` +
      `PostgreSQL ${fmt(result.startupMs.postgres)} ms (migrating and seeding an empty database)`,
  );
}
