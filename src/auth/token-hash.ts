import { createHash } from 'node:crypto';

/** What a store keeps of a bearer token or a link's token: a leaked table holds nothing usable. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
