import { once } from 'node:events';
import { createServer } from 'node:net';

export class PortInUseError extends Error {
  constructor(host: string, port: number) {
    super(
      `Port ${port} on ${host} is already in use: stop the process using it, or start on another port (PORT=8001 npm start).`,
    );
  }
}

const isAddressInUse = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && 'code' in err && err.code === 'EADDRINUSE';

export const toPortError = (err: unknown, host: string, port: number): unknown =>
  isAddressInUse(err) ? new PortInUseError(host, port) : err;

/**
 * Binds and releases the port, so a taken port is reported in one line before the
 * database is touched or demo data loaded. The real listen can still lose a race; main
 * maps that EADDRINUSE to the same error with toPortError.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  probe.listen({ host, port, exclusive: true });
  try {
    await once(probe, 'listening');
  } catch (err) {
    throw toPortError(err, host, port);
  }
  probe.close();
  await once(probe, 'close');
}
