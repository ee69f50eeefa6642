import { readFileSync } from 'node:fs';
import { updatePrices } from '@pydantic/genai-prices';
import { ConfigError } from './config-error.js';

let applied: string | undefined;

/**
 * Replaces the price catalog packaged with @pydantic/genai-prices by a newer copy of its data
 * file (`data.json`, the same format the package embeds): prices, context windows and models
 * then update without a code change or a release. Read once at start, from a local file only
 * (no network). The catalog is process-wide; the same path is not read twice. A file that is
 * not such a catalog stops the start with a message naming it.
 */
export function useCatalogFile(path: string): void {
  if (applied === path) return;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read the price catalog ${path}: ${(err as Error).message}`);
  }
  const ok = Array.isArray(data) && data.length > 0 && data.every((p) => p && typeof p === 'object' && typeof p.id === 'string' && Array.isArray(p.models));
  if (!ok) throw new ConfigError(`the price catalog ${path} is not a genai-prices data file (a JSON array of providers, each with an id and models)`);
  try {
    updatePrices(({ setProviderData }) => setProviderData(data as Parameters<typeof setProviderData>[0]));
  } catch (err) {
    throw new ConfigError(`the price catalog ${path} was refused: ${(err as Error).message}`);
  }
  applied = path;
}
