import { useState } from 'preact/hooks';
import type { ApiClient, Query } from '../api/client.js';
import type { Page } from '../api/types.js';
import { errorText, useLoad } from './use-load.js';

/**
 * A cursor-paginated list endpoint (`{data, next_cursor}`): the first page whenever `query`
 * changes, then `loadMore()` appends the next one while there is a cursor.
 */
export function usePagedList<T>(api: ApiClient, path: string, query: Query) {
  const [more, setMore] = useState<{ rows: T[]; cursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const key = JSON.stringify(query);
  const first = useLoad(() => {
    setMore(null);
    setMoreError(null);
    return api.get<Page<T>>(path, query);
  }, [path, key]);
  const cursor = more ? more.cursor : (first.data?.next_cursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await api.get<Page<T>>(path, { ...query, cursor });
      setMore({ rows: [...(more?.rows ?? []), ...page.data], cursor: page.next_cursor });
    } catch (err) {
      setMoreError(errorText(err));
    }
  };
  return {
    rows: [...(first.data?.data ?? []), ...(more?.rows ?? [])],
    hasMore: cursor !== null,
    loadMore,
    error: first.error ?? moreError,
    reload: first.reload,
  };
}
