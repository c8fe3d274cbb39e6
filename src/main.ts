import { mkdir } from 'node:fs/promises';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createAppContext } from './context.js';
import { createLogger } from './platform/logger.js';
import { listenForMetrics } from './platform/metrics/metrics-server.js';
import { seedIfEmpty } from './seed/demo-data.js';
import { StoreUnavailableError } from './shared/errors.js';
import { loadEnvFileIfPresent } from './startup/env-file.js';
import { assertPortFree, PortInUseError, toPortError } from './startup/port-check.js';
import { startupLine } from './startup/startup-line.js';
import { createStores } from './stores/create-stores.js';

async function main(): Promise<void> {
  loadEnvFileIfPresent();
  const config = loadConfig();
  await assertPortFree(config.host, config.port);
  // Images are files only in memory mode; with a database they are rows.
  if (!config.databaseUrl) await mkdir(config.uploadDir, { recursive: true });
  const logger = createLogger(config);
  const ctx = createAppContext(config, await createStores(config, logger));
  // With a database, demo data goes only into an empty one: a restart keeps what is there.
  const demo = config.seedDemo ? ((await seedIfEmpty(ctx)) ? 'loaded' : 'kept') : 'off';
  const app = await buildApp(ctx, { logger });

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then exit 0.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });

  const describe = (address: string) =>
    startupLine({ address, store: config.databaseUrl ? 'postgres' : 'memory', demo });
  // /metrics on a port of its own, when configured: started with the app, closed before it.
  const { metricsPort } = config;
  const metricsServer =
    metricsPort === undefined
      ? undefined
      : await listenForMetrics(ctx.metrics, config.host, metricsPort).catch((err: unknown) => {
          throw toPortError(err, config.host, metricsPort);
        });
  if (metricsServer)
    app.addHook('onClose', async () => {
      metricsServer.closeAllConnections();
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    });

  const address = await app
    .listen({ port: config.port, host: config.host, listenTextResolver: describe })
    .catch((err: unknown) => {
      throw toPortError(err, config.host, config.port);
    });
  // Fastify says where it listens at info level; someone running at warn still needs that one line.
  if (app.log.level === 'warn') app.log.warn(describe(address));
}

main().catch((err: unknown) => {
  const known =
    err instanceof ConfigError || err instanceof StoreUnavailableError || err instanceof PortInUseError;
  console.error(known ? err.message : err);
  process.exit(1);
});
