/**
 * `npm run openapi`: writes the document the server serves at /openapi.json to a file
 * (default generated/openapi.json), from an app built in this process: no server to start.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createAppContext } from '../src/context.js';
import { createMemoryStores } from '../src/stores/memory-stores.js';

const target = process.argv[2] ?? 'generated/openapi.json';
// The document depends on the routes only: an app on empty in-memory stores, with quiet logs, serves it.
const config = { ...loadConfig({}), logLevel: 'silent' as const };
const app = await buildApp(createAppContext(config, createMemoryStores(config.uploadDir)));
try {
  const res = await app.inject({ url: '/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}`);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(res.json(), null, 2)}\n`);
  console.log(`wrote ${target}`);
} finally {
  await app.close();
}
