import { join } from 'node:path';
import { createPgTestDatabase } from './create-pg-test-database.js';

export interface ServerModeDatabase {
  /** The DATABASE_URL every gateway process of the test shares. */
  url: string;
  drop(): Promise<void>;
}

export type ServerModeBackend = 'postgres' | 'sqlite-file';

/**
 * The shared database of a multi-process test: a fresh PostgreSQL database (dropped afterwards),
 * or a SQLite file in `dir` (several processes on one file serialise their holds on it).
 */
export async function openServerModeDatabase(backend: ServerModeBackend, dir: string): Promise<ServerModeDatabase> {
  if (backend === 'postgres') return createPgTestDatabase();
  return { url: `sqlite:${join(dir, 'shared.db')}`, drop: async () => undefined };
}
