import type { ApiClient } from '../../api/client.js';
import type { Provider } from '../../api/types.js';
import { Badge } from '../../components/badge.js';
import { Card, ErrorNote } from '../../components/stat.js';
import { formatCount, formatTime } from '../../lib/format-time.js';
import { useLoad } from '../../lib/use-load.js';

/** Each provider and route target with its circuit-breaker state, latency and last error (GET /admin/v1/providers). */
export function ProvidersPage({ api }: { api: ApiClient }) {
  const providers = useLoad(() => api.get<{ data: Provider[] }>('/admin/v1/providers'), []);
  return (
    <div class="page" data-page="providers">
      <header class="page-head">
        <div>
          <h1>Providers</h1>
          <p class="muted">Health as this gateway process sees it: breaker state per upstream model, measured latency and the last error.</p>
        </div>
        <button type="button" class="button" onClick={providers.reload}>Refresh</button>
      </header>
      <ErrorNote error={providers.error} />
      {(providers.data?.data ?? []).map((p) => (
        <Card key={p.id} name={`provider-${p.id}`} title={p.id} actions={<Badge value={p.state} />}>
          <p class="muted small">{p.protocol}{p.base_url ? <> · <span class="mono">{p.base_url}</span></> : ' (built in)'} · serves {p.models.join(', ') || 'no models'}</p>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr><th>Upstream model</th><th>State</th><th class="num">Latency</th><th class="num">Successes</th><th class="num">Failures</th><th class="num">In a row</th><th>Last error</th><th>Retry at</th></tr>
              </thead>
              <tbody>
                {p.targets.map((t) => (
                  <tr key={t.model}>
                    <td class="mono">{t.model}</td>
                    <td><Badge value={t.state} /></td>
                    <td class="num">{t.latency_ms === null ? '—' : `${formatCount(Math.round(t.latency_ms))} ms`}</td>
                    <td class="num">{formatCount(t.successes)}</td>
                    <td class="num">{formatCount(t.failures)}</td>
                    <td class="num">{formatCount(t.consecutive_failures)}</td>
                    <td class="small">{t.last_error ? `${t.last_error.reason} · ${formatTime(t.last_error.at)}` : <span class="muted">none</span>}</td>
                    <td class="small nowrap">{t.retry_at ? formatTime(t.retry_at) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ))}
    </div>
  );
}
