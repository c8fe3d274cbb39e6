import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config.js';

/** The configuration an empty environment gives: the defaults, read from the config schema. */
export const defaultConfig: Config = loadConfig({});

/** Defaults for tests: quiet logs, no demo data, uploads in a fresh temporary folder. */
export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  ...defaultConfig,
  seedDemo: false,
  logLevel: 'silent',
  uploadDir: join(tmpdir(), `ecommerce-api-uploads-${randomUUID()}`),
  mailDir: join(tmpdir(), `ecommerce-api-mail-${randomUUID()}`),
  // Off unless a test turns it on: a busy suite's event loop must not get its own requests shed.
  loadShedding: { ...defaultConfig.loadShedding, maxEventLoopDelayMs: 0, maxHeapUsedBytes: 0 },
  ...overrides,
});
