import { useState } from 'preact/hooks';
import type { ApiClient } from '../../api/client.js';
import type { Generation, ModelInfo } from '../../api/types.js';
import { Dialog } from '../../components/dialog.js';
import { GenerationDetail } from '../../components/generation-detail.js';
import { GenerationsTable } from '../../components/generations-table.js';
import { Card, ErrorNote } from '../../components/stat.js';
import { useLoad } from '../../lib/use-load.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useDirectory } from './use-directory.js';

interface Filters {
  account_id: string;
  key_id: string;
  model: string;
  status: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { account_id: '', key_id: '', model: '', status: '', from: '', to: '' };
const PAGE = 50;
const STATUSES: Array<[string, string]> = ['completed', 'failed', 'cancelled'].map((s) => [s, s]);

/** Every settled call, newest first, filtered by account, key, model, status and UTC dates; a row opens its detail. */
export function GenerationsPage({ api }: { api: ApiClient }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [selected, setSelected] = useState<Generation | null>(null);
  const dir = useDirectory(api);
  const models = useLoad(() => api.get<{ data: ModelInfo[] }>('/admin/v1/models'), []);
  const list = usePagedList<Generation>(api, '/admin/v1/generations', { ...filters, limit: PAGE });
  const set = (field: keyof Filters) => (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement).value;
    setFilters({ ...filters, [field]: value, ...(field === 'account_id' ? { key_id: '' } : {}) });
  };
  const keys = (dir.data?.keys ?? []).filter((k) => !filters.account_id || k.account_id === filters.account_id);
  return (
    <div class="page" data-page="generations">
      <header class="page-head">
        <div>
          <h1>Generations</h1>
          <p class="muted">One record per call: tokens, cost, latency and outcome. Prompts and completions are never stored.</p>
        </div>
        <button type="button" class="button" onClick={list.reload} data-action="refresh">Refresh</button>
      </header>
      <Card>
        <form class="filters" onSubmit={(e) => e.preventDefault()} data-form="generation-filters">
          <FilterSelect label="Account" name="account_id" value={filters.account_id} onChange={set('account_id')} options={(dir.data?.accounts ?? []).map((a) => [a.id, a.name])} />
          <FilterSelect label="Key" name="key_id" value={filters.key_id} onChange={set('key_id')} options={keys.map((k) => [k.id, `${k.name} (${k.key_prefix}…)`])} />
          <FilterSelect label="Model" name="model" value={filters.model} onChange={set('model')} options={(models.data?.data ?? []).map((m) => [m.id, m.id])} />
          <FilterSelect label="Status" name="status" value={filters.status} onChange={set('status')} options={STATUSES} />
          <label class="field"><span>From (UTC)</span><input type="date" value={filters.from} onChange={set('from')} name="from" /></label>
          <label class="field"><span>To (UTC, inclusive)</span><input type="date" value={filters.to} onChange={set('to')} name="to" /></label>
          <button type="button" class="button ghost" onClick={() => setFilters(NO_FILTERS)}>Clear</button>
        </form>
        <ErrorNote error={list.error} />
        <GenerationsTable rows={list.rows} onSelect={setSelected} keyNames={dir.data?.keyNames ?? new Map()} />
        {list.hasMore ? <div class="more"><button type="button" class="button" onClick={list.loadMore} data-action="load-more">Load more</button></div> : null}
      </Card>
      {selected ? (
        <Dialog title="Generation" onClose={() => setSelected(null)} wide name="generation">
          <GenerationDetail
            g={selected}
            keyName={selected.key_id ? dir.data?.keyNames.get(selected.key_id) : undefined}
            accountName={selected.account_id ? dir.data?.accountNames.get(selected.account_id) : undefined}
          />
        </Dialog>
      ) : null}
    </div>
  );
}

/** A filter's select: "All" (no filter) and one option per [value, label]. */
function FilterSelect({ label, name, value, onChange, options }: { label: string; name: string; value: string; onChange: (e: Event) => void; options: Array<[string, string]> }) {
  return (
    <label class="field"><span>{label}</span>
      <select value={value} onChange={onChange} name={name}>
        <option value="">All</option>
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </label>
  );
}
