import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/free-port.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { frenchVatNumberOf, isValidSiren } from '../../src/shared/siren.js';
import { SELLER_ENV } from '../helpers/seller-env.js';
import { startServer } from '../helpers/server-process.js';

const SELLER_NAMES = Object.keys(SELLER_ENV);

describe("the seller's identity", () => {
  it.each([
    ['123456782', true],
    ['732829320', true],
    ['123456789', false],
    ['12345678', false],
    ['1234567820', false],
    ['12345678a', false],
  ])('checks SIREN %s with the Luhn sum (%s)', (siren, valid) => {
    expect(isValidSiren(siren)).toBe(valid);
  });

  it('derives the French VAT key from the SIREN', () => {
    expect(frenchVatNumberOf('732829320')).toBe('FR44732829320');
    expect(frenchVatNumberOf('123456782')).toBe('FR11123456782');
    // A key under 10 keeps its leading zero.
    expect(frenchVatNumberOf('000000030')).toBe('FR05000000030');
  });

  it('fills a demo company with the demo data, and keeps what is given', () => {
    const config = loadConfig({ SEED_DEMO: 'true', SELLER_NAME: 'Chez Nous' });
    expect(config.seller.name).toBe('Chez Nous');
    expect(config.seller.siren).toBe('123456782');
    expect(config.seller.vatNumber).toBe('FR11123456782');
  });

  it('without demo data, refuses to start naming every missing variable', () => {
    const { SELLER_SIREN: _s, SELLER_RCS: _r, ...partial } = SELLER_ENV;
    const load = () => loadConfig({ SEED_DEMO: 'false', ...partial });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('SELLER_SIREN, SELLER_RCS');
    expect(() => loadConfig({ SEED_DEMO: 'false' })).toThrow(SELLER_NAMES.join(', '));
    expect(loadConfig({ SEED_DEMO: 'false', ...SELLER_ENV }).seller.rcs).toBe('RCS Paris 732 829 320');
  });

  it.each([
    [{ SELLER_SIREN: '732829321' }, 'SELLER_SIREN'],
    [{ SELLER_VAT_NUMBER: 'FR45732829320' }, 'SELLER_VAT_NUMBER'],
    [{ SELLER_VAT_NUMBER: 'FR11123456782' }, 'SELLER_VAT_NUMBER'],
  ])('refuses %j, naming %s', (bad, name) => {
    expect(() => loadConfig({ SEED_DEMO: 'false', ...SELLER_ENV, ...bad })).toThrow(name);
  });

  it('treats a blank value as missing', () => {
    expect(() => loadConfig({ SEED_DEMO: 'false', ...SELLER_ENV, SELLER_NAME: '  ' })).toThrow('SELLER_NAME');
  });

  it('stops the server process with a line naming the missing variables', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const env: Record<string, string> = { PORT: String(port), DATABASE_URL: '', SEED_DEMO: 'false' };
    // The developer's own environment must not fill them in.
    for (const name of SELLER_NAMES) env[name] = '';
    const server = startServer(env);
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(1);
    expect(server.output()).toContain(SELLER_NAMES.join(', '));
  });
});
