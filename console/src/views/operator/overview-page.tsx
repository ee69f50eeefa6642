import { useState } from 'preact/hooks';
import type { ApiClient } from '../../api/client.js';
import type { Provider, UsageRow } from '../../api/types.js';
import { Badge } from '../../components/badge.js';
import { BarList } from '../../components/bar-list.js';
import { colorAt } from '../../components/palette.js';
import { StackedBarChart } from '../../components/stacked-bar-chart.js';
import { Card, ErrorNote, Stat } from '../../components/stat.js';
import { buildDailySeries } from '../../lib/build-daily-series.js';
import { formatUsdShort, unitsToUsd, usdToUnits } from '../../lib/format-usd.js';
import { formatCount, lastUtcDays } from '../../lib/format-time.js';
import { sumUsage } from '../../lib/sum-usage.js';
import { useLoad } from '../../lib/use-load.js';
import { navigate } from '../../lib/use-route.js';
import { useDirectory } from './use-directory.js';

const DAYS = 30;

/** Spend over the last 30 days (per day by model, by model, by key), headline numbers and provider health. */
export function OverviewPage({ api }: { api: ApiClient }) {
  const [accountId, setAccountId] = useState('');
  const dir = useDirectory(api);
  const days = lastUtcDays(DAYS);
  const usage = useLoad(async () => {
    const q = { account_id: accountId, from: days[0] };
    const [daily, byKey, providers] = await Promise.all([
      api.get<{ data: UsageRow[] }>('/admin/v1/usage', { ...q, group_by: 'day,model' }),
      api.get<{ data: UsageRow[] }>('/admin/v1/usage', { ...q, group_by: 'key' }),
      api.get<{ data: Provider[] }>('/admin/v1/providers'),
    ]);
    return { daily: daily.data, byKey: byKey.data, providers: providers.data };
  }, [accountId]);

  const daily = usage.data?.daily ?? [];
  const totals = sumUsage(daily);
  const today = sumUsage(daily.filter((r) => r.day === days[days.length - 1]));
  const byModel = new Map<string, { cost: bigint; requests: number }>();
  for (const r of daily) {
    const m = byModel.get(r.model ?? '') ?? { cost: 0n, requests: 0 };
    byModel.set(r.model ?? '', { cost: m.cost + usdToUnits(r.cost), requests: m.requests + r.requests });
  }
  const series = buildDailySeries(daily, days);
  const modelItems = [...byModel.entries()]
    .sort((a, b) => (b[1].cost > a[1].cost ? 1 : -1))
    .map(([label, v]) => ({ label, cost: v.cost, requests: v.requests, color: series.find((s) => s.name === label)?.color ?? colorAt(7) }));
  const keyItems = (usage.data?.byKey ?? [])
    .map((r) => ({ label: dir.data?.keyNames.get(r.key_id ?? '') ?? r.key_id ?? '', sublabel: dir.data?.keyPrefixes.get(r.key_id ?? ''), cost: usdToUnits(r.cost), requests: r.requests, color: colorAt(0) }))
    .sort((a, b) => (b.cost > a.cost ? 1 : -1));
  const balance = (dir.data?.accounts ?? []).filter((a) => !accountId || a.id === accountId);

  return (
    <div class="page" data-page="overview">
      <header class="page-head">
        <div>
          <h1>Overview</h1>
          <p class="muted">Settled calls over the last {DAYS} days (UTC days).</p>
        </div>
        <label class="field inline">
          <span>Account</span>
          <select value={accountId} onChange={(e) => setAccountId(e.currentTarget.value)} data-filter="account">
            <option value="">All accounts</option>
            {(dir.data?.accounts ?? []).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </label>
      </header>
      <ErrorNote error={usage.error ?? dir.error} />
      <div class="stats">
        <Stat name="spend-30d" label={`Spend, ${DAYS} days`} exact={unitsToUsd(totals.cost)} value={formatUsdShort(unitsToUsd(totals.cost))} note={`${formatCount(totals.requests)} requests`} />
        <Stat name="spend-today" label="Spend today" exact={unitsToUsd(today.cost)} value={formatUsdShort(unitsToUsd(today.cost))} note={`${formatCount(today.requests)} requests`} />
        <Stat name="tokens" label={`Tokens, ${DAYS} days`} value={formatCount(totals.inputTokens + totals.outputTokens)} note={`${formatCount(totals.inputTokens)} in · ${formatCount(totals.outputTokens)} out`} />
        <Stat
          name="balance"
          label={accountId ? 'Balance' : 'Balances, all accounts'}
          value={formatUsdShort(unitsToUsd(balance.reduce((a, x) => a + usdToUnits(x.balance), 0n)))}
          note={`${formatUsdShort(unitsToUsd(balance.reduce((a, x) => a + usdToUnits(x.held), 0n)))} held`}
        />
      </div>
      <Card title="Spend per day" name="daily-spend">
        <StackedBarChart title={`Spend per day over ${DAYS} days, by model`} labels={days} series={series} />
      </Card>
      <div class="grid-2">
        <Card title="By model" name="by-model">
          <BarList name="by-model" items={modelItems} empty="No spend in this period." />
        </Card>
        <Card title="By key" name="by-key">
          <BarList name="by-key" items={keyItems} empty="No spend in this period." />
        </Card>
      </div>
      <Card title="Provider health" name="provider-health" actions={<button type="button" class="button ghost small" onClick={() => navigate('/providers')}>Details</button>}>
        <ul class="health-list">
          {(usage.data?.providers ?? []).map((p) => (
            <li key={p.id}><Badge value={p.state} /> <strong>{p.id}</strong> <span class="muted">{p.protocol} · {p.models.length} {p.models.length === 1 ? 'model' : 'models'}</span></li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
