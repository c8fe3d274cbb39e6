import pg from 'pg';

/** What the triggers of migrations/006_change_feed.sql and the API's `StockAnnouncer` announce. */
export type StoreChange =
  /** `stock` is set when only the stock moved; otherwise the row must be read again. */
  | { kind: 'product'; id: string; version: number; stock: number | null }
  | { kind: 'product-deleted'; id: string }
  | { kind: 'session-ended'; tokenHash: string }
  | { kind: 'user-changed'; userId: string };

export interface ChangeListener {
  onChange(change: StoreChange): void;
  /**
   * The feed was (re)connected, or lost: anything learned before may have missed changes.
   * `live` says whether notifications flow now; caches serve only while they do.
   */
  onReset(live: boolean): void;
}

/**
 * The changes one payload announces: one from a trigger, several from a batch of stock moves
 * (`StockAnnouncer`), or `'everything'` for the whole-table news (`*`, a TRUNCATE): listeners
 * then start again as after a reconnection.
 */
export function parseChanges(payload: string): StoreChange[] | 'everything' {
  if (payload === '*') return 'everything';
  if (payload.startsWith(STOCK_BATCH_TAG)) return parseStockBatch(payload.slice(STOCK_BATCH_TAG.length));
  const [tag, id = '', ...rest] = payload.split('|');
  if (tag === 's') return [{ kind: 'session-ended', tokenHash: id }];
  if (tag === 'u') return [{ kind: 'user-changed', userId: id }];
  if (tag !== 'p') return [];
  if (rest[0] === 'd') return [{ kind: 'product-deleted', id }];
  const [version, stock, what] = rest;
  return [{ kind: 'product', id, version: Number(version), stock: what === 's' ? Number(stock) : null }];
}

/** `b` then JSON `[[id, version, stock], …]`: JSON, because an id written outside the API may hold any character. */
export const STOCK_BATCH_TAG = 'b';
export type StockMove = [id: string, version: number, stock: number];

function parseStockBatch(json: string): StoreChange[] {
  let moves: unknown;
  try {
    moves = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(moves)) return [];
  return moves.flatMap((move: unknown) => {
    if (!Array.isArray(move)) return [];
    const [id, version, stock] = move as unknown[];
    return typeof id === 'string' && typeof version === 'number' && typeof stock === 'number'
      ? [{ kind: 'product' as const, id, version, stock }]
      : [];
  });
}

/** Each schema has a channel of its own, so apps on different schemas of one database stay apart. */
const CHANNEL_PREFIX = 'store_changes_';
export const channelOf = (schema: string): string => `${CHANNEL_PREFIX}${schema}`;
/** The same name in SQL, for statements that notify: the schema they run in. */
export const CURRENT_CHANNEL_SQL = `'${CHANNEL_PREFIX}' || current_schema()`;

const RECONNECT_DELAY_MS = 1_000;
/**
 * A connection cut without a FIN (a dead host, a dropped route) would look alive while
 * notifications are lost; a query on it this often, answered within the same delay, says it is not.
 */
const HEARTBEAT_MS = 2_000;

/**
 * One connection per instance that LISTENs to the schema's change channel and hands each
 * notification to the caches. When the connection drops, caches are told at once (they stop
 * serving) and it reconnects every second; once listening again, they reload.
 */
export class ChangeFeed {
  private readonly listeners: ChangeListener[] = [];
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;
  private listening = false;

  constructor(private readonly clientConfig: pg.ClientConfig) {}

  get live(): boolean {
    return this.listening;
  }

  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Resolves once listening, or once the first attempt failed (reads then go to the database until it succeeds). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.setListening(false);
    await this.client?.end().catch(() => {});
    this.client = null;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.clientConfig);
    client.on('notification', (message) => {
      const changes = message.payload ? parseChanges(message.payload) : [];
      if (changes === 'everything') this.setListening(true);
      else for (const change of changes) for (const listener of this.listeners) listener.onChange(change);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
      await client.query(`LISTEN ${pg.escapeIdentifier(channelOf(rows[0]?.schema ?? 'public'))}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
      this.setListening(true);
      this.beat(client);
    } catch {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      this.scheduleReconnect();
    }
  }

  private beat(client: pg.Client): void {
    this.heartbeat = setTimeout(() => {
      const late = setTimeout(() => this.lost(client), HEARTBEAT_MS);
      late.unref();
      client.query('SELECT 1').then(
        () => {
          clearTimeout(late);
          if (client === this.client) this.beat(client);
        },
        () => {
          clearTimeout(late);
          this.lost(client);
        },
      );
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private lost(client: pg.Client): void {
    if (client !== this.client) return;
    this.client = null;
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.setListening(false);
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, RECONNECT_DELAY_MS);
    this.retry.unref();
  }

  private setListening(listening: boolean): void {
    this.listening = listening;
    for (const listener of this.listeners) listener.onReset(listening);
  }
}
