import { existsSync } from 'node:fs';

/**
 * Reads `.env` from the working directory when there is one (Node's own parser), so the settings
 * `.env.example` describes can live in a file. A variable already set in the environment wins.
 */
export function loadEnvFile(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
