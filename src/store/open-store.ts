import { resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/open-sqlite-store.js';
import { openPostgresStore, type PostgresStoreOptions } from './postgres/open-postgres-store.js';
import type { Store } from './types.js';

export type OpenStoreOptions = SqliteStoreOptions & Pick<PostgresStoreOptions, 'onConnectionError'> & {
  /** DATABASE_POOL_SIZE as given (PostgreSQL only): connections per process, 1–1000; default 10. */
  poolSize?: string | number;
};

/**
 * Opens the store named by DATABASE_URL: `sqlite:PATH` (also `sqlite://PATH`), `sqlite::memory:`,
 * or `postgres://…` / `postgresql://…` (server mode: any number of processes share it).
 */
export async function openStore(databaseUrl: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const url = databaseUrl.trim();
  if (/^postgres(ql)?:\/\//i.test(url)) {
    return openPostgresStore(url, { now: opts.now, poolSize: parsePoolSize(opts.poolSize), onConnectionError: opts.onConnectionError });
  }
  const path = sqlitePathOf(url);
  if (path !== undefined) {
    if (path === '') throw new ConfigError(`Invalid DATABASE_URL "${redact(url)}": sqlite: needs a path, e.g. sqlite:./data/chuizi.db or sqlite::memory:`);
    return openSqliteStore(path, opts);
  }
  throw new ConfigError(`Invalid DATABASE_URL "${redact(url)}": expected sqlite:PATH, sqlite::memory: or postgres://…`);
}

/** Where a DATABASE_URL points, for people: a SQLite path made absolute, credentials masked. */
export function describeDatabaseUrl(databaseUrl: string): string {
  const url = databaseUrl.trim();
  const path = sqlitePathOf(url);
  if (path === undefined) return redact(url);
  return path === ':memory:' ? 'sqlite::memory: (in memory: gone when the process stops)' : `sqlite:${resolve(path)}`;
}

function parsePoolSize(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ConfigError(`Invalid DATABASE_POOL_SIZE "${String(value)}": expected a whole number from 1 to 1000`);
  return n;
}

/** The path of a `sqlite:PATH` or `sqlite://PATH` URL; undefined when the URL is not SQLite's. */
function sqlitePathOf(url: string): string | undefined {
  if (!url.toLowerCase().startsWith('sqlite:')) return undefined;
  const path = url.slice('sqlite:'.length);
  return path.startsWith('//') ? path.slice(2) : path;
}

/** The URL with any `user:password@` credentials masked, safe for an error message. */
export function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}
