/**
 * Opaque keyset-pagination cursors: base64url of `created_at|seq`, where seq is the row's
 * monotonically increasing rowid (stable order within the same millisecond).
 */
export interface CursorPosition {
  createdAt: string;
  seq: number;
}

export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(`${pos.createdAt}|${pos.seq}`, 'utf8').toString('base64url');
}

/** Throws a RangeError for a cursor this store did not produce. */
export function decodeCursor(cursor: string): CursorPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.lastIndexOf('|');
  const seq = Number(text.slice(bar + 1));
  if (bar <= 0 || !/^\d+$/.test(text.slice(bar + 1)) || !Number.isSafeInteger(seq)) {
    throw new RangeError('invalid cursor');
  }
  return { createdAt: text.slice(0, bar), seq };
}

/** Checks a page size: a positive safe integer. */
export function assertLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`invalid page limit: ${limit}`);
}

/**
 * One page from `limit + 1` rows read in order: the first `limit` mapped, and the cursor of
 * the last of them when more rows follow.
 */
export function pageOf<R extends { created_at: string; seq: number }, T>(rows: R[], limit: number, map: (row: R) => T): { data: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { data: page.map(map), nextCursor: more && last ? encodeCursor({ createdAt: last.created_at, seq: last.seq }) : null };
}
