import type Database from 'better-sqlite3';
import type { AuthenticatedKey } from '../types.js';

const MAX_ENTRIES = 10_000;

/**
 * Authenticated keys by hash, so a request does not query the key and its account each time.
 * Never stale: this store's own key and account writes clear it, and the `auth_version` row
 * (bumped by triggers on every change to keys or account limits, from any connection — the CLI
 * revoking a key, a second process) is checked on every lookup, so a revocation still bites on
 * the very next request. Ledger writes (holds, settlements) do not bump it.
 */
export class AuthCache {
  #entries = new Map<string, AuthenticatedKey>();
  #version: number;
  #checkedThisTurn = false;
  readonly #authVersion: Database.Statement<[], number>;

  constructor(db: Database.Database) {
    this.#authVersion = db.prepare<[], number>('SELECT v FROM auth_version WHERE id = 1').pluck();
    this.#version = this.#authVersion.get() as number;
  }

  get(keyHash: string): AuthenticatedKey | undefined {
    if (!this.#checkedThisTurn) {
      // Once per event-loop turn: a commit by another connection before this turn began is
      // seen; the requests handled in the same turn share the check.
      this.#checkedThisTurn = true;
      setImmediate(() => (this.#checkedThisTurn = false));
      const v = this.#authVersion.get() as number;
      if (v !== this.#version) {
        this.#version = v;
        this.#entries.clear();
        return undefined;
      }
    }
    return this.#entries.get(keyHash);
  }

  set(keyHash: string, key: AuthenticatedKey): void {
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(keyHash, key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
