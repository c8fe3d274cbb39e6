import { randomBytes, randomUUID } from 'node:crypto';

/** Makes identifiers and secrets; injected so tests can predict them when they need to. */
export interface IdGenerator {
  uuid(): string;
  /** An unguessable bearer token (256 random bits, base64url). */
  token(): string;
  /** `bytes` random bytes as lower-case hex (tracking numbers). */
  hex(bytes: number): string;
}

export const cryptoIds: IdGenerator = {
  uuid: () => randomUUID(),
  token: () => randomBytes(32).toString('base64url'),
  hex: (bytes) => randomBytes(bytes).toString('hex'),
};
