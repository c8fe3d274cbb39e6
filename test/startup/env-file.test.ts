import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnvFileIfPresent } from '../../src/startup/env-file.js';

const NAMES = ['ENV_FILE_TEST_NEW', 'ENV_FILE_TEST_SET'];
afterEach(() => {
  for (const name of NAMES) delete process.env[name];
});

describe('loadEnvFileIfPresent', () => {
  it('adds the variables of .env, without overriding the environment', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'env-')), '.env');
    writeFileSync(file, 'ENV_FILE_TEST_NEW=from-file\nENV_FILE_TEST_SET=from-file\n');
    process.env.ENV_FILE_TEST_SET = 'from-environment';
    loadEnvFileIfPresent(file);
    expect(process.env.ENV_FILE_TEST_NEW).toBe('from-file');
    expect(process.env.ENV_FILE_TEST_SET).toBe('from-environment');
  });

  it('does nothing when there is no file', () => {
    expect(() => loadEnvFileIfPresent(join(tmpdir(), 'no-such-dir', '.env'))).not.toThrow();
    expect(process.env.ENV_FILE_TEST_NEW).toBeUndefined();
  });
});
