import { resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/open-sqlite-store.js';
import type { Store } from './types.js';

export type OpenStoreOptions = SqliteStoreOptions;

/**
 * Opens the store named by DATABASE_URL: `sqlite:PATH` (also `sqlite://PATH`), `sqlite::memory:`.
 * PostgreSQL URLs are recognised but not supported yet.
 */
export async function openStore(databaseUrl: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const url = databaseUrl.trim();
  if (/^postgres(ql)?:\/\//i.test(url)) {
    throw new ConfigError('DATABASE_URL names PostgreSQL, but PostgreSQL support is not built yet (a later issue); use sqlite:PATH');
  }
  if (url.toLowerCase().startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new ConfigError(`Invalid DATABASE_URL "${redact(url)}": sqlite: needs a path, e.g. sqlite:./data/chuizi.db or sqlite::memory:`);
    return openSqliteStore(path, opts);
  }
  throw new ConfigError(`Invalid DATABASE_URL "${redact(url)}": expected sqlite:PATH, sqlite::memory: or postgres://…`);
}

/** Where a DATABASE_URL points, for people: a SQLite path made absolute, credentials masked. */
export function describeDatabaseUrl(databaseUrl: string): string {
  const url = databaseUrl.trim();
  if (!url.toLowerCase().startsWith('sqlite:')) return redact(url);
  let path = url.slice('sqlite:'.length);
  if (path.startsWith('//')) path = path.slice(2);
  return path === ':memory:' ? 'sqlite::memory: (in memory: gone when the process stops)' : `sqlite:${resolve(path)}`;
}

/** The URL with any `user:password@` credentials masked, safe for an error message. */
function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}
