import { useState } from 'preact/hooks';
import type { ApiClient } from '../../api/client.js';
import type { Generation, KeyInfo, UsageRow } from '../../api/types.js';
import { Badge } from '../../components/badge.js';
import { Dialog } from '../../components/dialog.js';
import { GenerationDetail } from '../../components/generation-detail.js';
import { GenerationsTable } from '../../components/generations-table.js';
import { StackedBarChart } from '../../components/stacked-bar-chart.js';
import { Card, ErrorNote, Stat } from '../../components/stat.js';
import { buildDailySeries } from '../../lib/build-daily-series.js';
import { formatUsd, formatUsdShort, unitsToUsd } from '../../lib/format-usd.js';
import { formatAgo, formatCount, formatTime, lastUtcDays } from '../../lib/format-time.js';
import { sumUsage } from '../../lib/sum-usage.js';
import { errorText, useLoad } from '../../lib/use-load.js';
import { usePagedList } from '../../lib/use-paged-list.js';

const DAYS = 30;

/** What a key holder may see, read-only: the key, its wallet, today's spend, 30 days of usage and its calls. */
export function KeyHolderView({ api, onSignOut }: { api: ApiClient; onSignOut: () => void }) {
  const [selected, setSelected] = useState<Generation | null>(null);
  const [lookup, setLookup] = useState('');
  const [lookupError, setLookupError] = useState<string | null>(null);
  const days = lastUtcDays(DAYS);
  const data = useLoad(async () => {
    const [info, usage] = await Promise.all([
      api.get<{ data: KeyInfo }>('/v1/key/info'),
      api.get<{ data: UsageRow[] }>('/v1/key/usage', { days: DAYS, group_by: 'day,model' }),
    ]);
    return { info: info.data, usage: usage.data };
  }, []);
  const recent = usePagedList<Generation>(api, '/v1/key/generations', { limit: 20 });
  const refresh = () => {
    data.reload();
    recent.reload();
  };
  const find = async (e: Event) => {
    e.preventDefault();
    setLookupError(null);
    try {
      setSelected((await api.get<{ data: Generation }>('/v1/generation', { id: lookup.trim() })).data);
    } catch (err) {
      setLookupError(errorText(err));
    }
  };
  const info = data.data?.info;
  const totals = sumUsage(data.data?.usage ?? []);
  return (
    <div class="shell single">
      <header class="topbar">
        <div class="brand"><span class="logo" aria-hidden="true">c</span> chuizi</div>
        <div class="topbar-right">
          <span class="muted small">Signed in with key <span class="mono">{info ? `${info.key_prefix}…` : ''}</span></span>
          <button type="button" class="button ghost small" onClick={onSignOut} data-action="sign-out">Sign out</button>
        </div>
      </header>
      <main class="content narrow" data-page="key-holder">
        <header class="page-head">
          <div>
            <h1>{info?.name ?? 'Your key'}</h1>
            <p class="muted">Read-only view of this key and its account's wallet.</p>
          </div>
          <button type="button" class="button" onClick={refresh} data-action="refresh">Refresh</button>
        </header>
        <ErrorNote error={data.error} />
        {info ? (
          <>
            <div class="stats">
              <Stat name="balance" label="Balance" exact={info.balance} value={formatUsdShort(info.balance)} note={`${formatUsdShort(info.held)} held by calls in flight`} />
              <Stat name="spent-today" label="Spent today" exact={info.spent_today} value={formatUsdShort(info.spent_today)} note={info.daily_limit ? `of ${formatUsd(info.daily_limit)} daily cap` : 'no daily cap'} />
              <Stat name="requests-today" label="Requests today" value={formatCount(info.usage_today.requests)} note={`${formatCount(info.usage_today.input_tokens)} in · ${formatCount(info.usage_today.output_tokens)} out`} />
              <Stat name="spend-30d" label={`Spend, ${DAYS} days`} exact={unitsToUsd(totals.cost)} value={formatUsdShort(unitsToUsd(totals.cost))} note={`${formatCount(totals.requests)} requests`} />
            </div>
            <Card title="Spend per day" name="key-usage">
              <StackedBarChart title={`Spend per day over ${DAYS} days, by model`} labels={days} series={buildDailySeries(data.data?.usage ?? [], days)} />
            </Card>
            <div class="grid-2">
              <Card title="Key" name="key-info">
                <dl class="details compact">
                  <div class="details-row"><dt>Status</dt><dd><Badge value={info.is_active ? 'active' : 'disabled'} /></dd></div>
                  <div class="details-row"><dt>Prefix</dt><dd class="mono">{info.key_prefix}…</dd></div>
                  <div class="details-row"><dt>Requests per minute</dt><dd>{formatCount(info.rpm_limit)}</dd></div>
                  <div class="details-row"><dt>Max concurrent</dt><dd>{info.max_concurrent ?? 'no limit'}</dd></div>
                  <div class="details-row"><dt>Daily cap</dt><dd>{info.daily_limit ? formatUsd(info.daily_limit) : 'none'}</dd></div>
                  <div class="details-row"><dt>Allowed models</dt><dd>{info.allowed_models.length ? info.allowed_models.join(', ') : 'all'}</dd></div>
                  <div class="details-row"><dt>IP allow-list</dt><dd>{info.ip_whitelist.length ? info.ip_whitelist.join(', ') : 'any address'}</dd></div>
                  <div class="details-row"><dt>Expires</dt><dd>{info.expires_at ? formatTime(info.expires_at) : 'never'}</dd></div>
                  <div class="details-row"><dt>Created · last used</dt><dd>{formatTime(info.created_at)} · {formatAgo(info.last_used_at)}</dd></div>
                </dl>
              </Card>
              <Card title="Look up a generation" name="lookup">
                <form class="form" onSubmit={find} data-form="lookup">
                  <label class="field"><span>Generation id (the response's <span class="mono">id</span> or <span class="mono">x-chuizi-generation-id</span>)</span>
                    <input name="generation_id" class="mono" placeholder="gen-…" value={lookup} onInput={(e) => setLookup(e.currentTarget.value)} />
                  </label>
                  <ErrorNote error={lookupError} />
                  <div class="form-actions"><button type="submit" class="button primary" disabled={!lookup.trim()}>Look up</button></div>
                </form>
              </Card>
            </div>
            <Card title="Recent calls" name="recent">
              <ErrorNote error={recent.error} />
              <GenerationsTable rows={recent.rows} onSelect={setSelected} />
              {recent.hasMore ? <div class="more"><button type="button" class="button" onClick={recent.loadMore} data-action="load-more">Load more</button></div> : null}
            </Card>
          </>
        ) : null}
        {selected ? (
          <Dialog title="Generation" onClose={() => setSelected(null)} wide name="generation">
            <GenerationDetail g={selected} />
          </Dialog>
        ) : null}
      </main>
    </div>
  );
}
