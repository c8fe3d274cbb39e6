import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorization, Cluster, http, login } from '../helpers/cluster.js';
import { TEST_DATABASE_URL } from '../helpers/postgres.js';
import { figures, ledgerCheck, registerShoppers, shopUntil } from '../helpers/shoppers.js';

/**
 * Failover (issues 14 and 28): 16 shoppers buy through nginx in front of two instances, with
 * the default settings; one instance is killed with SIGKILL mid-run and restarted a few seconds
 * later. Nothing a shopper saw is lost or doubled, and no shopper is stuck with a 6 s retry
 * budget per write: the keys and payment claims the dead instance held are free as soon as its
 * liveness lock goes (src/database/liveness.ts). Before, they held for their 10 s lease, and
 * 2 to 4 of 8 shoppers gave up within 6 s (the test then set a 4 s lease to pass).
 */
if (!TEST_DATABASE_URL)
  console.warn('cluster failover: skipped, DATABASE_URL is not set (npm run test:pg runs it)');

const SHOPPERS = 16;
/** Each write's retry budget: a shopper still without an answer after it gives up. */
const RETRY_BUDGET_MS = 6_000;
const STOCK = 100_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!TEST_DATABASE_URL)(
  'an instance killed with SIGKILL while 16 shoppers buy through nginx',
  () => {
    let cluster: Cluster;
    beforeAll(async () => {
      cluster = await Cluster.start(TEST_DATABASE_URL ?? '', 2);
    }, 90_000);
    afterAll(async () => {
      await cluster?.stop();
    });

    it('loses no purchase, charges nobody twice, makes no second order, and leaves nobody stuck', {
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
      const run = shopUntil(cluster.lb, shoppers, productId, () => running, RETRY_BUDGET_MS);
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
      expect(f.maxBlockedMs).toBeLessThan(RETRY_BUDGET_MS);
      expect(shoppers.flatMap((s) => s.failures)).toEqual([]);
      // Every answer sealed with its work: no retry refused what its first attempt had done.
      expect(f.lostCheckouts).toBe(0);
      expect(f.payRefusedButPaid).toBe(0);
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
