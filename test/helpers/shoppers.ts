import { randomUUID } from 'node:crypto';
import { authorization, type Cluster, type HttpAnswer, http } from './cluster.js';
import { VALID_CARD } from './shop.js';
import { uid } from './uid.js';

/**
 * Shoppers of the cluster tests (issue 14): each loops add → checkout → pay through the
 * balancer, every write retried with the same Idempotency-Key until it gets an answer that
 * is not "try again" (no answer, a 5xx, or a 409 saying the key or the payment is in progress).
 */
interface Shopper {
  email: string;
  token: string;
  userId: string;
  /** Orders the shopper saw created (checkout 201), in order. */
  seenOrders: string[];
  /** Orders the shopper saw paid (pay 200, first answer or replay). */
  paidOrders: string[];
  /** A checkout whose first attempt got no answer, then refused on retry: its order was made by a dead request. */
  lostCheckouts: number;
  /** A payment refused on retry although its first attempt had paid the order (read back as PAYEE). */
  payRefusedButPaid: string[];
  /** Iterations that ended without a paid order for any other reason, with what was answered. */
  failures: string[];
  /** Requests sent again after no answer, a 5xx or an in-progress 409. */
  retries: number;
  /** Why each retry was made: `no answer`, or the status and code that was answered. */
  retryReasons: Record<string, number>;
  /** Each write: when its first attempt was sent and when its final answer came (ms, Date.now()). */
  operations: { start: number; end: number }[];
}

const RETRY_PAUSE_MS = 150;
/** An operation still unanswered after this is given up (the shopper is stuck), unless a run says otherwise. */
const GIVE_UP_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The error code of a JSON answer; '' for nginx's own HTML pages (502, 504). */
function codeOf(answer: HttpAnswer): string {
  try {
    return answer.json<{ code?: string }>().code ?? '';
  } catch {
    return '';
  }
}

function mustRetry(answer: HttpAnswer | null): boolean {
  if (answer === null || answer.status >= 500) return true;
  if (answer.status !== 409) return false;
  const code = codeOf(answer);
  return code === 'IDEMPOTENCY_IN_PROGRESS' || code === 'PAYMENT_IN_PROGRESS';
}

/** Sends one write until it gets a final answer; null when it never did (stuck). */
async function untilAnswered(
  shopper: Shopper,
  send: () => Promise<HttpAnswer>,
  giveUpMs = GIVE_UP_MS,
): Promise<{ answer: HttpAnswer | null; attempts: number }> {
  const start = Date.now();
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const answer = await send().catch(() => null);
    if (!mustRetry(answer)) {
      shopper.operations.push({ start, end: Date.now() });
      return { answer, attempts };
    }
    if (Date.now() - start > giveUpMs) {
      shopper.operations.push({ start, end: Date.now() });
      return { answer: null, attempts };
    }
    shopper.retries += 1;
    const reason = answer ? `${answer.status} ${codeOf(answer)}`.trim() : 'no answer';
    shopper.retryReasons[reason] = (shopper.retryReasons[reason] ?? 0) + 1;
    await sleep(RETRY_PAUSE_MS);
  }
}

export async function registerShoppers(lb: string, count: number, tag: string): Promise<Shopper[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const email = `${uid(`${tag}-${i}`)}@example.com`;
      const res = await http(`${lb}/api/auth/register`, {
        method: 'POST',
        body: {
          email,
          password: 'secret123',
          first_name: 'Client',
          last_name: `N${i}`,
          address: '1 rue X, Paris',
        },
        timeoutMs: 30_000,
      });
      if (res.status !== 201) throw new Error(`register: ${res.status} ${res.body}`);
      const body = res.json<{ token: string; user_id: string }>();
      return {
        email,
        token: body.token,
        userId: body.user_id,
        seenOrders: [],
        paidOrders: [],
        lostCheckouts: 0,
        payRefusedButPaid: [],
        failures: [],
        retries: 0,
        retryReasons: {},
        operations: [],
      };
    }),
  );
}

/** One purchase: put one unit in the cart, check out, pay; each write given up after `giveUpMs`. */
async function purchase(lb: string, shopper: Shopper, productId: string, giveUpMs: number): Promise<void> {
  const auth = authorization(shopper.token);
  // Setting a line's quantity is idempotent by itself: sent twice, the cart holds one unit.
  const added = await untilAnswered(
    shopper,
    () => http(`${lb}/api/cart/items/${productId}`, { method: 'PUT', headers: auth, body: { quantity: 1 } }),
    giveUpMs,
  );
  if (added.answer?.status !== 200) {
    shopper.failures.push(`add: ${added.answer?.status ?? 'no answer'}`);
    return;
  }

  const checkoutKey = randomUUID();
  const checkout = await untilAnswered(
    shopper,
    () =>
      http(`${lb}/api/orders/checkout`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': checkoutKey },
        body: {},
      }),
    giveUpMs,
  );
  if (checkout.answer?.status !== 201) {
    if (checkout.answer?.status === 400 && checkout.attempts > 1) shopper.lostCheckouts += 1;
    else
      shopper.failures.push(`checkout: ${checkout.answer?.status ?? 'no answer'} ${checkout.answer?.body}`);
    return;
  }
  const orderId = checkout.answer.json<{ id: string }>().id;
  shopper.seenOrders.push(orderId);

  const payKey = randomUUID();
  const paid = await untilAnswered(
    shopper,
    () =>
      http(`${lb}/api/orders/pay`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': payKey },
        body: { order_id: orderId, ...VALID_CARD },
      }),
    giveUpMs,
  );
  if (paid.answer?.status === 200) {
    shopper.paidOrders.push(orderId);
    return;
  }
  const order = await untilAnswered(shopper, () => http(`${lb}/api/orders/${orderId}`, { headers: auth }));
  if (paid.answer?.status === 400 && paid.attempts > 1 && order.answer?.json().status === 'PAYEE') {
    shopper.payRefusedButPaid.push(orderId);
  } else {
    shopper.failures.push(`pay: ${paid.answer?.status ?? 'no answer'} ${paid.answer?.body}`);
  }
}

/**
 * Every shopper buys in a loop until `running()` turns false; resolves when all have finished.
 * `giveUpMs` is each write's retry budget: past it the shopper gives up (a failure).
 */
export async function shopUntil(
  lb: string,
  shoppers: Shopper[],
  productId: string,
  running: () => boolean,
  giveUpMs = GIVE_UP_MS,
): Promise<void> {
  await Promise.all(
    shoppers.map(async (shopper) => {
      while (running()) await purchase(lb, shopper, productId, giveUpMs);
    }),
  );
}

interface RunFigures {
  purchases: number;
  retries: number;
  retryReasons: Record<string, number>;
  maxBlockedMs: number;
  failures: number;
  lostCheckouts: number;
  payRefusedButPaid: number;
}

export function figures(shoppers: Shopper[]): RunFigures {
  const sum = (f: (s: Shopper) => number) => shoppers.reduce((total, s) => total + f(s), 0);
  return {
    purchases: sum((s) => s.paidOrders.length),
    retries: sum((s) => s.retries),
    retryReasons: shoppers.reduce<Record<string, number>>((all, s) => {
      for (const [reason, n] of Object.entries(s.retryReasons)) all[reason] = (all[reason] ?? 0) + n;
      return all;
    }, {}),
    maxBlockedMs: Math.max(0, ...shoppers.flatMap((s) => s.operations.map((o) => o.end - o.start))),
    failures: sum((s) => s.failures.length),
    lostCheckouts: sum((s) => s.lostCheckouts),
    payRefusedButPaid: sum((s) => s.payRefusedButPaid.length),
  };
}

/**
 * What the database holds after a run, checked against what the shoppers saw: every paid
 * order exists once and is PAYEE; no order was charged twice; each shopper has exactly the
 * orders it saw created plus those its lost checkouts made (no retry made a second order);
 * stock + units held by live orders is what it was.
 */
export async function ledgerCheck(cluster: Cluster, shoppers: Shopper[], productId: string) {
  const paid = shoppers.flatMap((s) => [...s.paidOrders, ...s.payRefusedButPaid]);
  const paidRows = await cluster.sql<{ id: string; status: string }>(
    'SELECT id, status FROM orders WHERE id = ANY($1)',
    [paid],
  );
  const charges = await cluster.sql<{ order_id: string; charges: number; refunds: number }>(
    `SELECT order_id,
            count(*) FILTER (WHERE kind = 'charge' AND succeeded)::int AS charges,
            count(*) FILTER (WHERE kind = 'refund')::int AS refunds
       FROM payments GROUP BY order_id`,
  );
  const ordersPerUser = await cluster.sql<{ user_id: string; n: number }>(
    'SELECT user_id, count(*)::int AS n FROM orders WHERE user_id = ANY($1) GROUP BY user_id',
    [shoppers.map((s) => s.userId)],
  );
  const live = await cluster.sql<{ items: { productId: string; quantity: number }[] }>(
    `SELECT items FROM orders WHERE status NOT IN ('ANNULEE', 'REMBOURSEE')`,
  );
  const [product] = await cluster.sql<{ stock_qty: number }>(
    // The product's one variant holds its stock.
    'SELECT sum(stock_qty)::int AS stock_qty FROM product_variants WHERE product_id = $1',
    [productId],
  );
  const held = live
    .flatMap((row) => row.items)
    .filter((item) => item.productId === productId)
    .reduce((total, item) => total + item.quantity, 0);
  const count = new Map(ordersPerUser.map((row) => [row.user_id, row.n]));
  return {
    paidSeen: paid.length,
    paidFound: paidRows.length,
    paidNotPayee: paidRows.filter((row) => row.status !== 'PAYEE').map((row) => row.id),
    chargedTwice: charges.filter((row) => row.charges > 1).map((row) => row.order_id),
    chargedNetTwice: charges.filter((row) => row.charges - row.refunds > 1).map((row) => row.order_id),
    /** Shoppers whose order count is not what they saw plus what their lost checkouts made. */
    extraOrders: shoppers
      .filter((s) => (count.get(s.userId) ?? 0) !== new Set(s.seenOrders).size + s.lostCheckouts)
      .map(
        (s) =>
          `${s.email}: ${count.get(s.userId)} orders, saw ${s.seenOrders.length} + ${s.lostCheckouts} lost`,
      ),
    duplicateSeen: shoppers.filter((s) => new Set(s.seenOrders).size !== s.seenOrders.length).length,
    stockPlusHeld: (product?.stock_qty ?? 0) + held,
  };
}
