import { useEffect, useState } from 'preact/hooks';

export const BASE = '/console';

/** The console path below /console (`/`, `/keys`, …), following history navigation. */
export function useRoute(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const onPop = () => setPath(currentPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return path;
}

export function navigate(path: string): void {
  if (currentPath() === path) return;
  history.pushState(null, '', `${BASE}${path === '/' ? '/' : path}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function currentPath(): string {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '/';
  return p === '' ? '/' : p.replace(/\/+$/, '') || '/';
}
