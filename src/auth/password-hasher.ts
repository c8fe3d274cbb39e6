import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password, and for a stored hash this hasher cannot read; never throws for either. */
  verify(password: string, stored: string): Promise<boolean>;
  /** Whether `stored` is a hash this hasher made and can check (a damaged row is not). */
  isWellFormed(stored: string): boolean;
}

const KEY_LENGTH = 64;
/**
 * What a stored hash may ask of scrypt: anything else is a damaged row, refused before it
 * reaches node:crypto (which throws on some, and would allocate gigabytes for a huge N).
 */
const LIMITS = { maxCost: 2 ** 20, maxBlockSize: 32, maxParallelism: 16 } as const;

interface ScryptHash {
  options: ScryptOptions;
  salt: Buffer;
  key: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const isPowerOfTwo = (n: number) => Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
const inRange = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;

/** `scrypt$N$r$p$salt$key` with parameters scrypt accepts and a full-length key, else null. */
function parse(stored: string): ScryptHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6) return null;
  const [scheme, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  if (scheme !== 'scrypt' || ![n, r, p].every((v) => /^\d+$/.test(v))) return null;
  const [N, blockSize, parallelism] = [Number(n), Number(r), Number(p)];
  // scrypt also wants N < 2^(16 r): a cost of 2^16 or more needs a block size above 1.
  if (!isPowerOfTwo(N) || N > LIMITS.maxCost || N >= 2 ** (16 * blockSize)) return null;
  if (!inRange(blockSize, LIMITS.maxBlockSize) || !inRange(parallelism, LIMITS.maxParallelism)) return null;
  if (!BASE64.test(salt) || !BASE64.test(key)) return null;
  const keyBytes = Buffer.from(key, 'base64');
  if (keyBytes.length !== KEY_LENGTH) return null;
  return {
    options: { N, r: blockSize, p: parallelism, maxmem: 256 * N * blockSize + 1024 * 1024 },
    salt: Buffer.from(salt, 'base64'),
    key: keyBytes,
  };
}

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * scrypt from node:crypto, salted per password. The parameters are stored with the
 * hash (`scrypt$N$r$p$salt$key`) so the cost can be raised later without breaking
 * existing accounts. `cost` (N) defaults to 2^15, about 50 ms on this machine; tests
 * lower it to keep the suite fast.
 */
export class ScryptPasswordHasher implements PasswordHasher {
  constructor(private readonly cost = 2 ** 15) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const options = { N: this.cost, r: 8, p: 1, maxmem: 256 * this.cost * 8 + 1024 * 1024 };
    const key = await scryptAsync(password, salt, options);
    return ['scrypt', this.cost, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored);
    if (!parsed) return false;
    const actual = await scryptAsync(password, parsed.salt, parsed.options);
    return timingSafeEqual(actual, parsed.key);
  }

  isWellFormed(stored: string): boolean {
    return parse(stored) !== null;
  }
}
