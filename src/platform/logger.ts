import { pino } from 'pino';
import type { Config } from '../config.js';

/** The app's one logger: the server's requests and its stores' own events write to it. */
export function createLogger(config: Pick<Config, 'logLevel'>): pino.Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
}
