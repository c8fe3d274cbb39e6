import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config.js';

/** Defaults for tests: quiet logs, no demo data, uploads in a fresh temporary folder. */
export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  ...loadConfig({}),
  seedDemo: false,
  logLevel: 'silent',
  uploadDir: join(tmpdir(), `ecommerce-api-uploads-${randomUUID()}`),
  ...overrides,
});
