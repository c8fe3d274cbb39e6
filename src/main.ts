import { mkdir } from 'node:fs/promises';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createAppContext } from './context.js';
import { createStores } from './repositories/create-stores.js';
import { seedDemoData } from './seed/demo-data.js';
import { StoreUnavailableError } from './shared/errors.js';

async function main(): Promise<void> {
  const config = loadConfig();
  await mkdir(config.uploadDir, { recursive: true });
  const ctx = createAppContext(config, await createStores(config));
  // With a database, demo data goes only into an empty one: a restart keeps what is there.
  if (config.seedDemo && (await ctx.repos.users.count()) === 0) await seedDemoData(ctx);
  const app = await buildApp(ctx);

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then exit 0.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });

  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StoreUnavailableError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
