import { readFileSync } from 'node:fs';

/** The API's version is the package's: `version` in package.json, said there only. */
export const API_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
