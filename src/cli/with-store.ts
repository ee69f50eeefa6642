import { openStore } from '../store/open-store.js';
import { defaultDatabaseUrl } from '../project-root.js';
import type { Store } from '../store/types.js';
import type { CliIo } from './cli-io.js';

/** Opens the store named by DATABASE_URL (the server's store), runs `fn`, and always closes it. */
export async function withStore<T>(io: CliIo, fn: (store: Store) => Promise<T>): Promise<T> {
  // A short-lived command runs its few statements inline: no writer thread to start.
  const store = await openStore(io.env.DATABASE_URL ?? defaultDatabaseUrl(), { writerThread: false, poolSize: io.env.DATABASE_POOL_SIZE });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
