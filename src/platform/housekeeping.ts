import type { FastifyInstance } from 'fastify';
import { type HousekeepingService, SWEEP_INTERVAL_MS } from './housekeeping.service.js';

/** Sweeps expired rows while the app is up: from ready to close, never keeping the process alive. */
export function installHousekeeping(app: FastifyInstance, housekeeping: HousekeepingService): void {
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      housekeeping.sweep().then(
        (removed) => app.log.debug({ removed }, 'expired rows swept'),
        // A store that is down now is retried at the next pass; requests report the outage themselves.
        (err: unknown) => app.log.warn({ err }, 'sweep of expired rows failed'),
      );
    }, SWEEP_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
