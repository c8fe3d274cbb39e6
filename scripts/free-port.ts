import { once } from 'node:events';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';

/**
 * A port nobody listens on right now, for servers the tests, the benchmarks and CI start.
 * Run as a script (`node --import tsx scripts/free-port.ts`), it prints one.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await freePort());
}
