import { createHash } from 'node:crypto';
import { randomAlphanumeric } from './ids.js';

/** `ck-` + 32 characters of [A-Za-z0-9]. */
export const API_KEY_PATTERN = /^ck-[A-Za-z0-9]{32}$/;

/** A new API key from a CSPRNG. Shown once; only its hash is stored. */
export function generateApiKey(): string {
  return `ck-${randomAlphanumeric(32)}`;
}

/**
 * SHA-256 of the key, hex. Keys carry ~190 random bits, so a plain hash cannot be brute-forced;
 * lookups compare hashes, never plaintexts, so timing reveals nothing about stored keys.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** `ck-` + the first 4 body characters, for display. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, 7);
}
