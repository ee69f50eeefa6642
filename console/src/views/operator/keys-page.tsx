import { useState } from 'preact/hooks';
import type { ApiClient } from '../../api/client.js';
import type { ApiKey, ModelInfo, Page } from '../../api/types.js';
import { Badge } from '../../components/badge.js';
import { Card, ErrorNote } from '../../components/stat.js';
import { formatUsd } from '../../lib/format-usd.js';
import { formatAgo, formatTime } from '../../lib/format-time.js';
import { useLoad } from '../../lib/use-load.js';
import { KeyFormDialog, RevokeDialog } from './key-dialogs.js';
import { useDirectory } from './use-directory.js';

type Open = { kind: 'create' } | { kind: 'edit'; key: ApiKey } | { kind: 'revoke'; key: ApiKey } | null;

/** API keys (never their secrets): create (shown once), edit limits and allow-lists, revoke. */
export function KeysPage({ api }: { api: ApiClient }) {
  const [accountId, setAccountId] = useState('');
  const [open, setOpen] = useState<Open>(null);
  const dir = useDirectory(api);
  const keys = useLoad(
    () => (accountId ? api.get<{ data: ApiKey[] }>('/admin/v1/keys', { account_id: accountId }) : api.get<Page<ApiKey>>('/admin/v1/keys', { limit: 500 })),
    [accountId],
  );
  const models = useLoad(() => api.get<{ data: ModelInfo[] }>('/admin/v1/models'), []);
  const close = (changed: boolean) => {
    setOpen(null);
    if (changed) keys.reload();
  };
  const accounts = dir.data?.accounts ?? [];
  return (
    <div class="page" data-page="keys">
      <header class="page-head">
        <div>
          <h1>API keys</h1>
          <p class="muted">Each key spends its account's balance within its own limits.</p>
        </div>
        <div class="head-actions">
          <label class="field inline">
            <span>Account</span>
            <select value={accountId} onChange={(e) => setAccountId(e.currentTarget.value)} data-filter="account">
              <option value="">All accounts</option>
              {accounts.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select>
          </label>
          <button type="button" class="button primary" disabled={accounts.length === 0} onClick={() => setOpen({ kind: 'create' })} data-action="new-key">New key</button>
        </div>
      </header>
      <ErrorNote error={keys.error ?? dir.error} />
      <Card>
        {keys.data && keys.data.data.length === 0 ? <p class="muted empty">No keys yet.</p> : null}
        <div class="table-wrap">
          <table class="table" data-table="keys">
            <thead>
              <tr>
                <th>Key</th><th>Account</th><th>State</th><th>Limits</th><th>Models</th><th>IP allow-list</th><th>Expires</th><th>Last used</th><th />
              </tr>
            </thead>
            <tbody>
              {(keys.data?.data ?? []).map((k) => (
                <tr key={k.id} data-key={k.name}>
                  <td class="nowrap"><div class="strong">{k.name}</div><div class="mono small muted">{k.key_prefix}…</div></td>
                  <td class="nowrap">{dir.data?.accountNames.get(k.account_id) ?? <span class="mono small">{k.account_id}</span>}</td>
                  <td><Badge value={k.state} /></td>
                  <td class="small limits-cell" data-field="limits">
                    <div>{k.rpm_limit === null ? <span class="muted">default rpm</span> : `${k.rpm_limit} rpm`}{k.max_concurrent === null ? null : ` · ${k.max_concurrent} concurrent`}</div>
                    <div>{k.daily_limit === null ? <span class="muted">no daily cap</span> : `${formatUsd(k.daily_limit)} / day`}</div>
                  </td>
                  <td class="small models-cell">{k.allowed_models.length ? k.allowed_models.map((m) => <div key={m} class="mono">{m}</div>) : <span class="muted">all</span>}</td>
                  <td class="small mono">{k.ip_whitelist.length ? k.ip_whitelist.join(', ') : <span class="muted">any</span>}</td>
                  <td class="nowrap small" title={k.expires_at ?? undefined}>{k.expires_at ? formatTime(k.expires_at).slice(0, 10) : <span class="muted">never</span>}</td>
                  <td class="nowrap small">{formatAgo(k.last_used_at)}</td>
                  <td class="actions">
                    <button type="button" class="button small" onClick={() => setOpen({ kind: 'edit', key: k })} data-action="edit-key">Edit</button>
                    <button type="button" class="button ghost danger-text small" onClick={() => setOpen({ kind: 'revoke', key: k })} data-action="revoke-key">Revoke</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      {open?.kind === 'create' || open?.kind === 'edit' ? (
        <KeyFormDialog
          api={api}
          accounts={accounts}
          models={(models.data?.data ?? []).map((m) => m.id)}
          editing={open.kind === 'edit' ? open.key : undefined}
          defaultAccount={accountId}
          onClose={close}
        />
      ) : null}
      {open?.kind === 'revoke' ? <RevokeDialog api={api} k={open.key} onClose={close} /> : null}
    </div>
  );
}
