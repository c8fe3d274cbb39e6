import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 8000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:8000',
      corsOrigins: ['http://localhost:5173', 'http://localhost:3000', 'http://localhost:4173'],
      sessionTtlSeconds: 86400,
      seedDemo: true,
      vatRatePercent: 20,
      databaseUrl: undefined,
      databasePipelineConnections: 1,
      databasePoolSize: 4,
      databaseCacheTtlMs: 500,
      uploadDir: 'data/uploads',
      maxUploadBytes: 5 * 1024 * 1024,
      rateLimit: { loginMax: 5, loginWindowSeconds: 60, globalMax: 0, registerMax: 0, windowSeconds: 60 },
      unpaidOrderTtlSeconds: 1800,
      supportMaxOpenThreads: 10,
      idempotencyMaxKeysPerUser: 1000,
      idempotencyMaxKeys: 100_000,
      idempotencyLeaseMs: 10_000,
      paymentClaimLeaseMs: 5_000,
      trustProxy: false,
      logLevel: 'info',
      shop: { name: 'La Boutique', url: 'http://localhost:8000' },
      mailFrom: '"La Boutique" <no-reply@localhost>',
      smtpUrl: undefined,
      mailDir: 'data/mail',
      mailPollIntervalMs: 1000,
      passwordResetTtlSeconds: 3600,
      emailVerificationTtlSeconds: 172_800,
      requireVerifiedEmailForCheckout: false,
      mailRateLimit: { max: 5, windowMs: 3_600_000 },
    });
  });

  it('reads each variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://shop.example/',
      CORS_ORIGINS: 'https://shop.example, https://admin.example',
      SESSION_TTL_SECONDS: '60',
      SEED_DEMO: 'false',
      VAT_RATE_PERCENT: '5.5',
      UPLOAD_DIR: '/srv/images',
      DATABASE_URL: 'postgres://shop:secret@db.internal:5432/shop',
      DATABASE_PIPELINE_CONNECTIONS: '2',
      DATABASE_POOL_SIZE: '24',
      DATABASE_CACHE_TTL_MS: '250',
      MAX_UPLOAD_BYTES: '1000',
      RATE_LIMIT_LOGIN_MAX: '3',
      RATE_LIMIT_LOGIN_WINDOW_SECONDS: '30',
      RATE_LIMIT_GLOBAL_MAX: '600',
      RATE_LIMIT_REGISTER_MAX: '10',
      RATE_LIMIT_WINDOW_SECONDS: '120',
      UNPAID_ORDER_TTL_SECONDS: '600',
      SUPPORT_MAX_OPEN_THREADS: '3',
      IDEMPOTENCY_MAX_KEYS_PER_USER: '50',
      IDEMPOTENCY_MAX_KEYS: '5000',
      IDEMPOTENCY_LEASE_SECONDS: '4',
      TRUST_PROXY: '10.0.0.5, 10.1.0.0/16',
      LOG_LEVEL: 'warn',
      SHOP_NAME: 'Boutique "Test"',
      SHOP_URL: 'https://boutique.example/',
      SMTP_URL: 'smtps://user:secret@smtp.example:465',
      MAIL_DIR: '/srv/mail',
      MAIL_POLL_INTERVAL_MS: '250',
      PASSWORD_RESET_TTL_SECONDS: '900',
      EMAIL_VERIFICATION_TTL_SECONDS: '3600',
      REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT: 'true',
      RATE_LIMIT_MAIL_MAX: '3',
      RATE_LIMIT_MAIL_WINDOW_SECONDS: '600',
    });
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      publicUrl: 'https://shop.example',
      corsOrigins: ['https://shop.example', 'https://admin.example'],
      sessionTtlSeconds: 60,
      seedDemo: false,
      vatRatePercent: 5.5,
      databaseUrl: 'postgres://shop:secret@db.internal:5432/shop',
      databasePipelineConnections: 2,
      databasePoolSize: 24,
      databaseCacheTtlMs: 250,
      uploadDir: '/srv/images',
      maxUploadBytes: 1000,
      rateLimit: { loginMax: 3, loginWindowSeconds: 30, globalMax: 600, registerMax: 10, windowSeconds: 120 },
      unpaidOrderTtlSeconds: 600,
      supportMaxOpenThreads: 3,
      idempotencyMaxKeysPerUser: 50,
      idempotencyMaxKeys: 5000,
      idempotencyLeaseMs: 4000,
      paymentClaimLeaseMs: 2000,
      trustProxy: ['10.0.0.5', '10.1.0.0/16'],
      logLevel: 'warn',
      shop: { name: 'Boutique "Test"', url: 'https://boutique.example' },
      mailFrom: '"Boutique Test" <no-reply@boutique.example>',
      smtpUrl: 'smtps://user:secret@smtp.example:465',
      mailDir: '/srv/mail',
      mailPollIntervalMs: 250,
      passwordResetTtlSeconds: 900,
      emailVerificationTtlSeconds: 3600,
      requireVerifiedEmailForCheckout: true,
      mailRateLimit: { max: 3, windowMs: 600_000 },
    });
  });

  it('builds the public URL from the port when PUBLIC_URL is not given', () => {
    expect(loadConfig({ PORT: '9100' }).publicUrl).toBe('http://localhost:9100');
    expect(loadConfig({ PORT: '9100', PUBLIC_URL: '' }).publicUrl).toBe('http://localhost:9100');
  });

  it.each([
    ['', false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['127.0.0.1', ['127.0.0.1']],
    ['::1, 192.168.0.0/24', ['::1', '192.168.0.0/24']],
  ])('reads TRUST_PROXY=%s (off, a hop count or proxy addresses) as %j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    ['PORT', ''],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', 'nginx.internal'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '-1'],
    ['IDEMPOTENCY_LEASE_SECONDS', '1'],
    ['PORT', ' '],
    ['PORT', '80.5'],
    ['PUBLIC_URL', 'shop.example'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['SESSION_TTL_SECONDS', '-5'],
    ['SEED_DEMO', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['VAT_RATE_PERCENT', '150'],
    ['MAX_UPLOAD_BYTES', '0'],
    ['DATABASE_URL', 'mysql://localhost/shop'],
    ['DATABASE_PIPELINE_CONNECTIONS', '0'],
    ['DATABASE_PIPELINE_CONNECTIONS', '101'],
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_CACHE_TTL_MS', '1001'],
    ['DATABASE_CACHE_TTL_MS', '-1'],
    ['RATE_LIMIT_LOGIN_MAX', '0'],
    ['RATE_LIMIT_GLOBAL_MAX', '-1'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
