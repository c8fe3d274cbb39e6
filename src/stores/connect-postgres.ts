import type postgres from 'postgres';
import type { ClientEvents, StatementTimeouts } from '../database/db.js';
import { holdLiveness, type InstanceLiveness } from '../database/liveness.js';
import { migrate } from '../database/migrate.js';
import { openStoreClient } from '../database/store-client.js';
import { StoreUnavailableError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { createPgStores } from './pg-stores.js';
import type { Stores } from './stores.js';

export interface PgStoreOptions {
  /** Sets search_path on every connection: tests give each app a schema of its own. */
  schema?: string;
  /** DATABASE_PIPELINE_CONNECTIONS: the connections every statement outside a unit of work is pipelined on. */
  pipelineConnections: number;
  /** DATABASE_POOL_SIZE: the connections units of work (one each while it runs), images and readiness use. */
  poolSize: number;
  /** DATABASE_CACHE_TTL_MS: how long catalogue reads and session lookups are served from memory. */
  cacheTtlMs: number;
  /** DATABASE_STATEMENT_TIMEOUT_MS and DATABASE_LOCK_TIMEOUT_MS, set on every connection. */
  timeouts: StatementTimeouts;
  /** Where what happens to the connections goes: the app's logger. */
  logger: Logger;
}

/** Connections each instance reads and writes pictures on, apart from everything else. */
const IMAGE_CONNECTIONS = 1;

/**
 * What the connections report reaches the app's logger, in the server's or the driver's own
 * words only: the connection string holds the password. A connection closing while the store is
 * open was not closed by us (postgres.js opens a new one when one is needed): the server went away
 * or dropped it.
 */
function loggedEvents(logger: Logger, closing: () => boolean, client: string): ClientEvents {
  return {
    onnotice: (notice: postgres.Notice) => {
      logger.info(
        { code: notice.code, severity: notice.severity, reason: notice.message },
        'PostgreSQL notice',
      );
    },
    onclose: (connection: number) => {
      if (!closing()) logger.error({ client, connection }, 'PostgreSQL closed a connection');
    },
  };
}

/**
 * Connects, checks the server answers, applies pending migrations, and returns the
 * PostgreSQL stores. A server that cannot be reached is a StoreUnavailableError
 * naming the host, never a hang.
 */
export async function connectPostgres(databaseUrl: string, options: PgStoreOptions): Promise<Stores> {
  const { logger, schema } = options;
  let closing = false;
  const isClosing = () => closing;
  const statements = openStoreClient(databaseUrl, {
    schema,
    max: options.pipelineConnections,
    timeouts: options.timeouts,
    ...loggedEvents(logger, isClosing, 'pipeline'),
  });
  const units = openStoreClient(databaseUrl, {
    schema,
    max: options.poolSize,
    timeouts: options.timeouts,
    ...loggedEvents(logger, isClosing, 'pool'),
  });
  // Pictures read on a client of their own, so a flood of them never takes the connections
  // units of work and Idempotency-Key claims need (issue 28); hot ones come from memory anyway.
  const images = openStoreClient(databaseUrl, {
    schema,
    max: IMAGE_CONNECTIONS,
    ...loggedEvents(logger, isClosing, 'images'),
  });
  let liveness: InstanceLiveness | undefined;
  const close = async () => {
    closing = true;
    await Promise.all([statements.end(), units.end(), images.end(), liveness?.end()]);
  };
  try {
    await units.run((sql) => sql`SELECT 1`);
    const applied = await units.run(migrate);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrations applied');
    liveness = await holdLiveness(databaseUrl, { ...(schema && { schema }), logger });
  } catch (err) {
    await close().catch(() => {});
    const where = new URL(databaseUrl).host;
    throw new StoreUnavailableError(`PostgreSQL at ${where} is not available: ${(err as Error).message}`);
  }
  const sizes = {
    statements: options.pipelineConnections,
    units: options.poolSize,
    images: IMAGE_CONNECTIONS,
  };
  return createPgStores(
    { statements, units, images, sizes, instance: liveness.instance, close },
    options.cacheTtlMs,
  );
}
