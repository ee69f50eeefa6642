import type { ApiClient } from '../../api/client.js';
import type { Account, ApiKey, Page } from '../../api/types.js';
import { useLoad } from '../../lib/use-load.js';

/** Up to 500 accounts and keys, for selects and for showing names instead of ids. */
export function useDirectory(api: ApiClient, deps: unknown[] = []) {
  return useLoad(async () => {
    const [accounts, keys] = await Promise.all([
      api.get<Page<Account>>('/admin/v1/accounts', { limit: 500 }),
      api.get<Page<ApiKey>>('/admin/v1/keys', { limit: 500 }),
    ]);
    return {
      accounts: accounts.data,
      keys: keys.data,
      accountNames: new Map(accounts.data.map((a) => [a.id, a.name])),
      keyNames: new Map(keys.data.map((k) => [k.id, k.name])),
      keyPrefixes: new Map(keys.data.map((k) => [k.id, `${k.key_prefix}…`])),
    };
  }, deps);
}
