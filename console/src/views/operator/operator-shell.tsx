import type { ApiClient } from '../../api/client.js';
import { navigate, useRoute } from '../../lib/use-route.js';
import { OverviewPage } from './overview-page.js';
import { AccountsPage } from './accounts-page.js';
import { KeysPage } from './keys-page.js';
import { GenerationsPage } from './generations-page.js';
import { ProvidersPage } from './providers-page.js';

const PAGES = [
  { path: '/', label: 'Overview', Page: OverviewPage },
  { path: '/accounts', label: 'Accounts', Page: AccountsPage },
  { path: '/keys', label: 'API keys', Page: KeysPage },
  { path: '/generations', label: 'Generations', Page: GenerationsPage },
  { path: '/providers', label: 'Providers', Page: ProvidersPage },
];

/** The operator console: a sidebar of pages, each reading and changing the gateway only through /admin/v1. */
export function OperatorShell({ api, onSignOut }: { api: ApiClient; onSignOut: () => void }) {
  const route = useRoute();
  const current = PAGES.find((p) => p.path === route) ?? PAGES[0];
  const { Page } = current;
  return (
    <div class="shell">
      <aside class="sidebar">
        <div class="brand"><span class="logo" aria-hidden="true">c</span> chuizi</div>
        <nav>
          {PAGES.map((p) => (
            <a
              key={p.path}
              href={`/console${p.path}`}
              class={p === current ? 'nav-item active' : 'nav-item'}
              data-nav={p.label}
              onClick={(e) => {
                e.preventDefault();
                navigate(p.path);
              }}
            >
              {p.label}
            </a>
          ))}
        </nav>
        <div class="sidebar-foot">
          <span class="muted small">Signed in as operator</span>
          <button type="button" class="button ghost small" onClick={onSignOut} data-action="sign-out">Sign out</button>
        </div>
      </aside>
      <main class="content">
        <Page api={api} />
      </main>
    </div>
  );
}
