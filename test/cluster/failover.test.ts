import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorization, Cluster, http, login } from '../helpers/cluster.js';
import { TEST_DATABASE_URL } from '../helpers/postgres.js';
import { figures, ledgerCheck, registerShoppers, shopUntil } from '../helpers/shoppers.js';

/**
 * Failover (issue 14): 16 shoppers buy through nginx in front of two instances; one instance
 * is killed with SIGKILL mid-run and restarted a few seconds later. Nothing a shopper saw is
 * lost or doubled, and nobody waits more than 10 s. IDEMPOTENCY_LEASE_SECONDS=4: a key held by
 * the dead instance lapses after 4 s (its payment claims after 2 s); with the default 10 s a
 * shopper whose request died would wait 10 s plus the retry, past the bound.
 */
if (!TEST_DATABASE_URL)
  console.warn('cluster failover: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

const SHOPPERS = 16;
const STOCK = 100_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!TEST_DATABASE_URL)(
  'an instance killed with SIGKILL while 16 shoppers buy through nginx',
  () => {
    let cluster: Cluster;
    beforeAll(async () => {
      cluster = await Cluster.start(TEST_DATABASE_URL ?? '', 2, { IDEMPOTENCY_LEASE_SECONDS: '4' });
    }, 90_000);
    afterAll(async () => {
      await cluster?.stop();
    });

    it('loses no purchase, charges nobody twice, makes no second order, and blocks nobody > 10 s', {
      timeout: 120_000,
    }, async () => {
      const admin = await login(cluster.lb, 'admin@example.com', 'admin123');
      const created = await http(`${cluster.lb}/api/admin/products`, {
        method: 'POST',
        headers: authorization(admin),
        body: { name: 'Basculement', price_cents: 1500, stock_qty: STOCK },
      });
      expect(created.status).toBe(201);
      const productId = created.json<{ id: string }>().id;
      const shoppers = await registerShoppers(cluster.lb, SHOPPERS, 'failover');

      let running = true;
      const run = shopUntil(cluster.lb, shoppers, productId, () => running);
      await sleep(3_000);
      const before = figures(shoppers).purchases;
      const killedAt = Date.now();
      await cluster.stopInstance(0, 'SIGKILL');
      await sleep(3_000);
      const restartAt = Date.now();
      await cluster.startInstance(0);
      const restartedAt = Date.now();
      await sleep(4_000);
      running = false;
      const stopAt = Date.now();
      await run;
      const finishedAt = Date.now();

      const f = figures(shoppers);
      const ops = shoppers.flatMap((s) => s.operations);
      // Recovery: until the last write that was in flight when the instance died got its answer.
      const recoveryMs = Math.max(
        0,
        ...ops.filter((o) => o.start <= killedAt && o.end >= killedAt).map((o) => o.end - killedAt),
      );
      const passedOn = (await cluster.nginxLog('access.log'))
        .split('\n')
        .filter((line) => /upstream=\S+, /.test(line));
      const ledger = await ledgerCheck(cluster, shoppers, productId);
      console.info(
        `failover figures: ${JSON.stringify({
          ...f,
          purchasesBeforeKill: before,
          recoveryMs,
          restartMs: restartedAt - restartAt,
          lastIterationMs: finishedAt - stopAt,
          passedToOtherInstanceByNginx: passedOn.length,
          ledger,
        })}`,
      );

      expect(f.purchases).toBeGreaterThan(before);
      expect(f.maxBlockedMs).toBeLessThan(10_000);
      expect(shoppers.flatMap((s) => s.failures)).toEqual([]);
      expect(ledger.paidFound).toBe(ledger.paidSeen);
      expect(ledger.paidNotPayee).toEqual([]);
      expect(ledger.chargedTwice).toEqual([]);
      expect(ledger.extraOrders).toEqual([]);
      expect(ledger.duplicateSeen).toBe(0);
      expect(ledger.stockPlusHeld).toBe(STOCK);
      // Nobody stuck: every shopper's last purchase ended soon after the run was told to stop.
      expect(finishedAt - stopAt).toBeLessThan(10_000);
    });
  },
);
