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
    throw new Error('DATABASE_URL names PostgreSQL, but PostgreSQL support is not built yet (a later issue); use sqlite:PATH');
  }
  if (url.toLowerCase().startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new Error(`Invalid DATABASE_URL "${redact(url)}": sqlite: needs a path, e.g. sqlite:./data/chuizi.db or sqlite::memory:`);
    return openSqliteStore(path, opts);
  }
  throw new Error(`Invalid DATABASE_URL "${redact(url)}": expected sqlite:PATH, sqlite::memory: or postgres://…`);
}

/** The URL with any `user:password@` credentials masked, safe for an error message. */
function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}
