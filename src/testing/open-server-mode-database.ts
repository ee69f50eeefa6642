import { join } from 'node:path';

export interface ServerModeDatabase {
  /** The DATABASE_URL every gateway process of the test shares. */
  url: string;
  drop(): Promise<void>;
}

/**
 * The shared database of a multi-process test: a SQLite file in `dir` (several processes on one
 * file serialise their holds on it).
 */
export async function openServerModeDatabase(dir: string): Promise<ServerModeDatabase> {
  return { url: `sqlite:${join(dir, 'shared.db')}`, drop: async () => undefined };
}
