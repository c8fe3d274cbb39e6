import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What a database client tells of its work: how many units it runs or queues now, on how many connections. */
export interface ClientLoad {
  name: string;
  inFlight(): number;
  connections: number;
}

/**
 * The mail outbox's figures, once mail exists: its helper hands this to `watchOutbox` (one
 * call in context.ts) and the two gauges appear.
 */
export interface OutboxFigures {
  pending(): Promise<number>;
  /** Seconds since the oldest pending mail was written; 0 when none is pending. */
  oldestAgeSeconds(): Promise<number>;
}

/** Load readings the shedding plugin takes anyway (event-loop delay, heap), read at each scrape. */
export interface PressureReadings {
  eventLoopDelayMs(): number;
  heapUsedBytes(): number;
}

/**
 * The instance's Prometheus instruments, in a registry of its own (every test app gets a fresh
 * one; prom-client's global registry would refuse the second). Counters are incremented where
 * the thing they count is known to have happened; gauges are read at each scrape.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly orderTransitions = new Counter({
    name: 'shop_order_transitions_total',
    help: 'Orders moved, by the status they moved to and who moved them (placed: a checkout)',
    labelNames: ['to', 'actor'] as const,
    registers: [this.registry],
  });

  readonly payments = new Counter({
    name: 'shop_payments_total',
    help: 'Charges answered by the gateway, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly refunds = new Counter({
    name: 'shop_refunds_total',
    help: 'Refunds recorded',
    registers: [this.registry],
  });

  readonly refundedCents = new Counter({
    name: 'shop_refunded_cents_total',
    help: 'Amount refunded, in cents',
    registers: [this.registry],
  });

  readonly unpaidExpired = new Counter({
    name: 'shop_unpaid_orders_expired_total',
    help: 'Unpaid orders cancelled by the system past UNPAID_ORDER_TTL_SECONDS',
    registers: [this.registry],
  });

  /** Keys this instance has begun and not yet completed or abandoned, with their lease's end. */
  private readonly keysInProgress = new Map<string, number>();

  constructor(options: { clock: () => number; defaultMetrics: boolean }) {
    const { registry } = this;
    const { clock } = options;
    const keys = this.keysInProgress;
    new Gauge({
      name: 'shop_idempotency_keys_in_progress',
      help: 'Idempotency-Keys this instance holds for a request still running',
      registers: [registry],
      collect() {
        // A holder that never ended its key (a crash mid-request) stops counting at its lease's end.
        const now = clock();
        for (const [key, until] of keys) if (until <= now) keys.delete(key);
        this.set(keys.size);
      },
    });
    // Process figures (CPU, memory, heap, GC, event-loop lag) only where a scrape can read them:
    // they start timers and observers that would otherwise run in every test app for nothing.
    if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  }

  keyBegun(key: string, leaseUntil: number): void {
    this.keysInProgress.set(key, leaseUntil);
  }

  keyEnded(key: string): void {
    this.keysInProgress.delete(key);
  }

  /** Gauges of each database client's load: in use (≤ its connections) and waiting for one. */
  watchClients(clients: readonly ClientLoad[]): void {
    const byClient = (read: (client: ClientLoad) => number) =>
      function collect(this: Gauge<'client'>) {
        for (const client of clients) this.set({ client: client.name }, read(client));
      };
    new Gauge({
      name: 'db_client_in_use',
      help: 'Work running on the database client now, at most its connections',
      labelNames: ['client'] as const,
      registers: [this.registry],
      collect: byClient((c) => Math.min(c.inFlight(), c.connections)),
    });
    new Gauge({
      name: 'db_client_waiting',
      help: 'Work queued for a connection of the database client (pipelined statements count here too)',
      labelNames: ['client'] as const,
      registers: [this.registry],
      collect: byClient((c) => Math.max(0, c.inFlight() - c.connections)),
    });
    new Gauge({
      name: 'db_client_connections_max',
      help: 'Connections the database client may open',
      labelNames: ['client'] as const,
      registers: [this.registry],
      collect: byClient((c) => c.connections),
    });
  }

  /** The load-shedding plugin's own readings, so the dashboard shows what it decides on. */
  watchPressure(readings: PressureReadings): void {
    new Gauge({
      name: 'shop_event_loop_delay_seconds',
      help: 'Mean event-loop delay over the last sample, as load shedding sees it',
      registers: [this.registry],
      collect() {
        this.set(readings.eventLoopDelayMs() / 1000);
      },
    });
    new Gauge({
      name: 'shop_heap_used_bytes',
      help: 'V8 heap in use at the last sample, as load shedding sees it',
      registers: [this.registry],
      collect() {
        this.set(readings.heapUsedBytes());
      },
    });
  }

  /** The mail outbox's gauges (the hook the mail helper wires). */
  watchOutbox(outbox: OutboxFigures): void {
    new Gauge({
      name: 'shop_mail_outbox_pending',
      help: 'Mails written and not yet delivered',
      registers: [this.registry],
      async collect() {
        this.set(await outbox.pending());
      },
    });
    new Gauge({
      name: 'shop_mail_outbox_oldest_age_seconds',
      help: 'Age of the oldest mail not yet delivered (0: none)',
      registers: [this.registry],
      async collect() {
        this.set(await outbox.oldestAgeSeconds());
      },
    });
  }
}
