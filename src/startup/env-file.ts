import { existsSync } from 'node:fs';

/**
 * Loads `.env` from the working directory when there is one, for the command-line entry
 * points only (tests never read it). Variables already set in the environment win, as
 * with Node's own `--env-file`.
 */
export function loadEnvFileIfPresent(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
