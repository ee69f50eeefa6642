import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The project root: one level above this file, in src/ and in dist/ alike. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The store when DATABASE_URL is unset: `data/chuizi.db` in the project root — the same file for
 * `npm start`, `npx chuizi …` and `node dist/cli/main.js` from any working directory
 * (operator.md's `sqlite:./data/chuizi.db`, read from the project root).
 */
export function defaultDatabaseUrl(): string {
  return `sqlite:${join(PROJECT_ROOT, 'data', 'chuizi.db')}`;
}

/** `version` of the project's package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
