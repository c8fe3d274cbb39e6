import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CORS_ORIGINS: z
    .string()
    .default('http://localhost:5173,http://localhost:3000,http://localhost:4173')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin.length > 0),
    ),
  SESSION_TTL_SECONDS: z.coerce.number().int().positive().default(86400),
  SEED_DEMO: booleanFromEnv.default(true),
  VAT_RATE_PERCENT: z.coerce.number().min(0).max(100).default(20),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  UPLOAD_DIR: z.string().min(1).default('data/uploads'),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  RATE_LIMIT_LOGIN_MAX: z.coerce.number().int().positive().default(5),
  RATE_LIMIT_LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  RATE_LIMIT_GLOBAL_MAX: z.coerce.number().int().min(0).default(0),
  RATE_LIMIT_REGISTER_MAX: z.coerce.number().int().min(0).default(0),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  corsOrigins: string[];
  sessionTtlSeconds: number;
  seedDemo: boolean;
  vatRatePercent: number;
  /** PostgreSQL when set; in-memory stores otherwise. */
  databaseUrl: string | undefined;
  uploadDir: string;
  maxUploadBytes: number;
  rateLimit: {
    /** Failed logins per address and email per login window (always on). */
    loginMax: number;
    loginWindowSeconds: number;
    /** Requests per address per window on every route; 0 turns it off (the default). */
    globalMax: number;
    /** Registrations per address per window; 0 turns it off (the default). */
    registerMax: number;
    windowSeconds: number;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; nothing else in the code reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    corsOrigins: e.CORS_ORIGINS,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    seedDemo: e.SEED_DEMO,
    vatRatePercent: e.VAT_RATE_PERCENT,
    databaseUrl: e.DATABASE_URL,
    uploadDir: e.UPLOAD_DIR,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    rateLimit: {
      loginMax: e.RATE_LIMIT_LOGIN_MAX,
      loginWindowSeconds: e.RATE_LIMIT_LOGIN_WINDOW_SECONDS,
      globalMax: e.RATE_LIMIT_GLOBAL_MAX,
      registerMax: e.RATE_LIMIT_REGISTER_MAX,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    },
    logLevel: e.LOG_LEVEL,
  };
}
