import { isIP } from 'node:net';
import { z } from 'zod';
import { frenchVatNumberOf, isValidSiren } from './shared/siren.js';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Environment values are text: an integer is parsed strictly, so `PORT=` is an error, not port 0. */
const integerFromEnv = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const numberFromEnv = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

/** An unset variable and an empty one both mean "not given" for these optional URLs. */
const optionalUrl = (pattern: RegExp, message: string) =>
  z
    .string()
    .regex(pattern, message)
    .optional()
    .or(z.literal('').transform(() => undefined));

/**
 * Which proxies may tell the client's address (X-Forwarded-For), for Fastify's `trustProxy`:
 * off (unset, empty, `false` or `0`), a hop count (`1`: one proxy in front), or a comma-separated
 * list of proxy addresses or CIDR ranges. `true` (trust anyone) is refused on purpose: any client
 * could then choose its own address and escape the per-address limits.
 */
const trustProxyFromEnv = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (value === '' || value === 'false' || value === '0') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const bad = entries.filter((entry) => !isAddressOrRange(entry));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a hop count or a comma-separated list of addresses or CIDR ranges (not ${bad.join(', ')})`,
      });
      return z.NEVER;
    }
    return entries;
  });

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** An optional text setting: unset and empty (or blank) both mean "not given". */
const optionalText = z
  .string()
  .trim()
  .max(300)
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/**
 * The seller printed on every invoice and credit note (CGI annexe II art. 242 nonies A, Code de
 * commerce L441-9). With the demo data (SEED_DEMO=true) a fictitious company fills what is not
 * given; otherwise every one of them is required, and the server refuses to start naming the
 * missing ones.
 */
const SELLER_VARIABLES = {
  SELLER_NAME: 'name',
  SELLER_ADDRESS: 'address',
  SELLER_SIREN: 'siren',
  SELLER_VAT_NUMBER: 'vatNumber',
  SELLER_LEGAL_FORM: 'legalForm',
  SELLER_SHARE_CAPITAL: 'shareCapital',
  SELLER_RCS: 'rcs',
} as const;
type SellerVariable = keyof typeof SELLER_VARIABLES;
export type SellerIdentity = Record<(typeof SELLER_VARIABLES)[SellerVariable], string>;

/** A fictitious company (its SIREN passes the Luhn check and is not a real one's). */
const DEMO_SELLER: SellerIdentity = {
  name: 'Maison Démo',
  address: '10 rue de la République, 69002 Lyon, France',
  siren: '123456782',
  vatNumber: 'FR11123456782',
  legalForm: 'SAS',
  shareCapital: '10 000 €',
  rcs: 'RCS Lyon 123 456 782',
};

/** The seller's identity from the environment, or the issues that stop the server. */
function sellerOf(
  env: Partial<Record<SellerVariable, string>>,
  seedDemo: boolean,
  ctx: z.RefinementCtx,
): SellerIdentity {
  const names = Object.keys(SELLER_VARIABLES) as SellerVariable[];
  const missing = names.filter((name) => env[name] === undefined);
  if (missing.length > 0 && !seedDemo) {
    ctx.addIssue({
      code: 'custom',
      path: [missing.join(', ')],
      message: 'required when SEED_DEMO is false: the seller printed on every invoice',
    });
    return DEMO_SELLER;
  }
  const seller = Object.fromEntries(
    names.map((name) => [SELLER_VARIABLES[name], env[name] ?? DEMO_SELLER[SELLER_VARIABLES[name]]]),
  ) as SellerIdentity;
  const siren = seller.siren.replace(/\s/g, '');
  const vatNumber = seller.vatNumber.replace(/\s/g, '').toUpperCase();
  if (!isValidSiren(siren)) {
    ctx.addIssue({
      code: 'custom',
      path: ['SELLER_SIREN'],
      message: 'must be 9 digits passing the Luhn check',
    });
  } else if (vatNumber !== frenchVatNumberOf(siren)) {
    ctx.addIssue({
      code: 'custom',
      path: ['SELLER_VAT_NUMBER'],
      message: `must be the VAT number of SELLER_SIREN (${frenchVatNumberOf(siren)})`,
    });
  }
  return { ...seller, siren, vatNumber };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable the server reads, with its default. README's configuration
 * table lists exactly these keys (test/docs/self-contained.test.ts checks it).
 */
const EnvSchema = z.object({
  PORT: integerFromEnv(0, 65535).default(8000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: optionalUrl(/^https?:\/\/[^\s/]+/, 'must be an http:// or https:// URL'),
  CORS_ORIGINS: z.string().default('http://localhost:5173,http://localhost:3000,http://localhost:4173'),
  SESSION_TTL_SECONDS: integerFromEnv(1).default(86400),
  SEED_DEMO: booleanFromEnv.default(true),
  VAT_RATE_PERCENT: numberFromEnv(0, 100).default(20),
  DATABASE_URL: optionalUrl(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DATABASE_PIPELINE_CONNECTIONS: integerFromEnv(1, 100).default(1),
  DATABASE_POOL_SIZE: integerFromEnv(1, 1000).default(4),
  // At most a second: the bound within which every instance serves what any writer changed.
  DATABASE_CACHE_TTL_MS: integerFromEnv(0, 1000).default(500),
  // Issue 28: the database itself aborts a statement past these (0: no limit), so a 503 wrote nothing.
  DATABASE_STATEMENT_TIMEOUT_MS: integerFromEnv(0, 600_000).default(5000),
  DATABASE_LOCK_TIMEOUT_MS: integerFromEnv(0, 600_000).default(2000),
  UPLOAD_DIR: z.string().min(1).default('data/uploads'),
  MAX_UPLOAD_BYTES: integerFromEnv(1).default(5 * 1024 * 1024),
  RATE_LIMIT_LOGIN_MAX: integerFromEnv(1).default(5),
  RATE_LIMIT_LOGIN_WINDOW_SECONDS: integerFromEnv(1).default(60),
  RATE_LIMIT_GLOBAL_MAX: integerFromEnv(0).default(0),
  RATE_LIMIT_REGISTER_MAX: integerFromEnv(0).default(0),
  RATE_LIMIT_WINDOW_SECONDS: integerFromEnv(1).default(60),
  UNPAID_ORDER_TTL_SECONDS: integerFromEnv(1).default(1800),
  SUPPORT_MAX_OPEN_THREADS: integerFromEnv(1).default(10),
  IDEMPOTENCY_MAX_KEYS_PER_USER: integerFromEnv(1).default(1000),
  IDEMPOTENCY_MAX_KEYS: integerFromEnv(1).default(100_000),
  TRUST_PROXY: trustProxyFromEnv.default(false),
  // Slow clients (issue 28): the whole request, and its head alone, must arrive within these.
  REQUEST_TIMEOUT_SECONDS: integerFromEnv(1, 3600).default(30),
  HEADERS_TIMEOUT_SECONDS: integerFromEnv(1, 3600).default(10),
  IMAGE_CACHE_BYTES: integerFromEnv(0).default(64 * 1024 * 1024),
  // Operations (issue 28): who may read /metrics, and when the instance sheds load.
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  METRICS_PORT: integerFromEnv(1, 65535)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOAD_SHED_EVENT_LOOP_DELAY_MS: integerFromEnv(0).default(500),
  LOAD_SHED_HEAP_USED_BYTES: integerFromEnv(0).default(0),
  LOAD_SHED_RETRY_AFTER_SECONDS: integerFromEnv(1, 3600).default(10),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  // accounts and mail (issue 26, docs/mail.md)
  SHOP_NAME: z.string().trim().min(1).default('La Boutique'),
  SHOP_URL: optionalUrl(/^https?:\/\/[^\s/]+/, 'must be an http:// or https:// URL'),
  MAIL_FROM: z.string().trim().optional(),
  SMTP_URL: optionalUrl(/^smtps?:\/\/[^\s/]+/, 'must be an smtp:// or smtps:// URL'),
  MAIL_DIR: z.string().min(1).default('data/mail'),
  MAIL_POLL_INTERVAL_MS: integerFromEnv(50, 60_000).default(1000),
  PASSWORD_RESET_TTL_SECONDS: integerFromEnv(60).default(3600),
  EMAIL_VERIFICATION_TTL_SECONDS: integerFromEnv(60).default(172_800),
  REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT: booleanFromEnv.default(false),
  RATE_LIMIT_MAIL_MAX: integerFromEnv(1).default(5),
  RATE_LIMIT_MAIL_WINDOW_SECONDS: integerFromEnv(1).default(3600),
  SELLER_NAME: optionalText,
  SELLER_ADDRESS: optionalText,
  SELLER_SIREN: optionalText,
  SELLER_VAT_NUMBER: optionalText,
  SELLER_LEGAL_FORM: optionalText,
  SELLER_SHARE_CAPITAL: optionalText,
  SELLER_RCS: optionalText,
});

/** The names of the variables read, for documentation checks. */
export const ENV_VARIABLES = Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[];

/** The configuration is declared once: this schema's output is the `Config` the code uses. */
export const ConfigSchema = EnvSchema.transform((e, ctx) => ({
  port: e.PORT,
  host: e.HOST,
  /** Base of absolute URLs given to browsers (demo images): what a client types to reach the server. */
  publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
  corsOrigins: e.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0),
  sessionTtlSeconds: e.SESSION_TTL_SECONDS,
  seedDemo: e.SEED_DEMO,
  vatRatePercent: e.VAT_RATE_PERCENT,
  /** PostgreSQL when set; in-memory stores otherwise. */
  databaseUrl: e.DATABASE_URL,
  /** Connections per instance every statement outside a unit of work is pipelined on. */
  databasePipelineConnections: e.DATABASE_PIPELINE_CONNECTIONS,
  /** Connections per instance for units of work (one each while it runs), images and readiness. */
  databasePoolSize: e.DATABASE_POOL_SIZE,
  /** How long an instance serves a catalogue page, a product or a session it read before reading it again; 0: never. */
  databaseCacheTtlMs: e.DATABASE_CACHE_TTL_MS,
  /** PostgreSQL's statement_timeout and lock_timeout on every connection of the stores; 0: none. */
  databaseTimeouts: { statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS, lockMs: e.DATABASE_LOCK_TIMEOUT_MS },
  uploadDir: e.UPLOAD_DIR,
  maxUploadBytes: e.MAX_UPLOAD_BYTES,
  rateLimit: {
    /** Failed logins per address and email per login window (always on). */
    loginMax: e.RATE_LIMIT_LOGIN_MAX,
    loginWindowSeconds: e.RATE_LIMIT_LOGIN_WINDOW_SECONDS,
    /** Requests per address per window on every route; 0 turns it off (the default). */
    globalMax: e.RATE_LIMIT_GLOBAL_MAX,
    /** Registrations per address per window; 0 turns it off (the default). */
    registerMax: e.RATE_LIMIT_REGISTER_MAX,
    windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
  },
  /** An order still unpaid this long after checkout is cancelled by the system, its stock released. */
  unpaidOrderTtlSeconds: e.UNPAID_ORDER_TTL_SECONDS,
  /** Open support threads one customer may hold at once. */
  supportMaxOpenThreads: e.SUPPORT_MAX_OPEN_THREADS,
  /** Live Idempotency-Key answers kept per user and in the whole store; past them the oldest go. */
  idempotencyMaxKeysPerUser: e.IDEMPOTENCY_MAX_KEYS_PER_USER,
  idempotencyMaxKeys: e.IDEMPOTENCY_MAX_KEYS,
  /** Fastify's `trustProxy`: false, a hop count, or the proxies' addresses. */
  trustProxy: e.TRUST_PROXY,
  /**
   * A request whose head and body have not all arrived this long after its first byte is
   * answered 408 and its connection closed; its head alone has the shorter headers timeout
   * (never longer than the request's).
   */
  requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
  headersTimeoutMs: Math.min(e.HEADERS_TIMEOUT_SECONDS, e.REQUEST_TIMEOUT_SECONDS) * 1000,
  /** Memory each instance may hold of recently read pictures (least recently used go first); 0: none. */
  imageCacheBytes: e.IMAGE_CACHE_BYTES,
  /** /metrics on the app's port answers only `Authorization: Bearer <this>`; unset: not served there. */
  metricsToken: e.METRICS_TOKEN,
  /** A port of its own serving /metrics without a token (keep it off the public network); unset: none. */
  metricsPort: e.METRICS_PORT,
  /** Past these (0: never), requests get 503 with Retry-After; /health and /metrics still answer. */
  loadShedding: {
    maxEventLoopDelayMs: e.LOAD_SHED_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: e.LOAD_SHED_HEAP_USED_BYTES,
    retryAfterSeconds: e.LOAD_SHED_RETRY_AFTER_SECONDS,
  },
  logLevel: e.LOG_LEVEL,
  ...mailSettings(e),
  /** Who sells: printed on every invoice and credit note, snapshotted into each at issue. */
  seller: sellerOf(e, e.SEED_DEMO, ctx),
}));

/** Accounts and mail (issue 26): the shop as mails name it, the transport, the links' lifetimes. */
function mailSettings(e: z.output<typeof EnvSchema>) {
  const shopUrl = (e.SHOP_URL ?? e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    shop: { name: e.SHOP_NAME, url: shopUrl },
    /** The sender of every mail; `"<shop name>" <no-reply@<shop host>>` unless MAIL_FROM says. */
    mailFrom: e.MAIL_FROM || `"${e.SHOP_NAME.replace(/"/g, '')}" <no-reply@${new URL(shopUrl).hostname}>`,
    /** nodemailer SMTP when set; .eml files under mailDir otherwise. */
    smtpUrl: e.SMTP_URL,
    mailDir: e.MAIL_DIR,
    mailPollIntervalMs: e.MAIL_POLL_INTERVAL_MS,
    passwordResetTtlSeconds: e.PASSWORD_RESET_TTL_SECONDS,
    emailVerificationTtlSeconds: e.EMAIL_VERIFICATION_TTL_SECONDS,
    requireVerifiedEmailForCheckout: e.REQUIRE_VERIFIED_EMAIL_FOR_CHECKOUT,
    /** Account mails (forgotten password, verification resent) per address and per email per window. */
    mailRateLimit: { max: e.RATE_LIMIT_MAIL_MAX, windowMs: e.RATE_LIMIT_MAIL_WINDOW_SECONDS * 1000 },
  };
}

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Reads and validates the environment once; nothing else in the code reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
