/**
 * Who is signed in: the operator (admin token) or a key holder (a `ck-` key). The secret lives
 * in memory and, so that a reload keeps the session, in this tab's sessionStorage — never in a
 * URL, a cookie or localStorage; closing the tab forgets it.
 */
export interface Session {
  kind: 'operator' | 'key';
  token: string;
}

const STORAGE_KEY = 'chuizi.console.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    if ((s.kind === 'operator' || s.kind === 'key') && typeof s.token === 'string' && s.token) return { kind: s.kind, token: s.token };
  } catch {
    // storage disabled or corrupt: sign in again
  }
  return null;
}

export function saveSession(s: Session | null): void {
  try {
    if (s) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: the session lives in memory only
  }
}

/** A `ck-` key signs in to the key-holder view; anything else is tried as the admin token. */
export function sessionKindOf(token: string): Session['kind'] {
  return token.startsWith('ck-') ? 'key' : 'operator';
}
