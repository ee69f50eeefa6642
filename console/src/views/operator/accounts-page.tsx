import { useState } from 'preact/hooks';
import type { ApiClient } from '../../api/client.js';
import type { Account, Page, Transaction } from '../../api/types.js';
import { Dialog } from '../../components/dialog.js';
import { useAction } from '../../lib/use-action.js';
import { Card, ErrorNote } from '../../components/stat.js';
import { formatUsd } from '../../lib/format-usd.js';
import { formatCount, formatTime } from '../../lib/format-time.js';
import { useLoad } from '../../lib/use-load.js';

type Open = { kind: 'create' } | { kind: 'topup'; account: Account } | { kind: 'edit'; account: Account } | { kind: 'ledger'; account: Account } | null;

/** Accounts with balance and held amount; create, top up, edit name and rate limits, and read an account's ledger. */
export function AccountsPage({ api }: { api: ApiClient }) {
  const [open, setOpen] = useState<Open>(null);
  const list = useLoad(() => api.get<Page<Account>>('/admin/v1/accounts', { limit: 500 }), []);
  const close = (changed: boolean) => {
    setOpen(null);
    if (changed) list.reload();
  };
  return (
    <div class="page" data-page="accounts">
      <header class="page-head">
        <div>
          <h1>Accounts</h1>
          <p class="muted">Prepaid wallets. Keys belong to an account and spend its balance; held is reserved by calls in flight.</p>
        </div>
        <button type="button" class="button primary" onClick={() => setOpen({ kind: 'create' })} data-action="new-account">New account</button>
      </header>
      <ErrorNote error={list.error} />
      <Card>
        {list.data && list.data.data.length === 0 ? <p class="muted empty">No accounts yet.</p> : null}
        <div class="table-wrap">
          <table class="table" data-table="accounts">
            <thead>
              <tr><th>Name</th><th>ID</th><th class="num">Balance</th><th class="num">Held</th><th class="num">RPM limit</th><th>Created</th><th /></tr>
            </thead>
            <tbody>
              {(list.data?.data ?? []).map((a) => (
                <tr key={a.id} data-account={a.name}>
                  <td class="strong">{a.name}</td>
                  <td class="mono small">{a.id}</td>
                  <td class="num strong" data-field="balance">{formatUsd(a.balance)}</td>
                  <td class="num" data-field="held">{formatUsd(a.held)}</td>
                  <td class="num">{a.rpm_limit === null ? <span class="muted">default</span> : formatCount(a.rpm_limit)}</td>
                  <td class="nowrap">{formatTime(a.created_at)}</td>
                  <td class="actions">
                    <button type="button" class="button small" onClick={() => setOpen({ kind: 'topup', account: a })} data-action="top-up">Top up</button>
                    <button type="button" class="button ghost small" onClick={() => setOpen({ kind: 'edit', account: a })} data-action="edit-account">Edit</button>
                    <button type="button" class="button ghost small" onClick={() => setOpen({ kind: 'ledger', account: a })}>Ledger</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      {open?.kind === 'create' ? <CreateAccountDialog api={api} onClose={close} /> : null}
      {open?.kind === 'topup' ? <TopUpDialog api={api} account={open.account} onClose={close} /> : null}
      {open?.kind === 'edit' ? <EditAccountDialog api={api} account={open.account} onClose={close} /> : null}
      {open?.kind === 'ledger' ? <LedgerDialog api={api} account={open.account} onClose={() => close(false)} /> : null}
    </div>
  );
}

function CreateAccountDialog({ api, onClose }: { api: ApiClient; onClose: (changed: boolean) => void }) {
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    run(async () => {
      await api.post('/admin/v1/accounts', { name: name.trim() });
      onClose(true);
    });
  };
  return (
    <Dialog title="New account" onClose={() => onClose(false)} name="new-account">
      <form onSubmit={submit} class="form">
        <label class="field"><span>Name</span><input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={200} /></label>
        <ErrorNote error={error} />
        <div class="form-actions"><button type="submit" class="button primary" disabled={busy}>Create account</button></div>
      </form>
    </Dialog>
  );
}

function TopUpDialog({ api, account, onClose }: { api: ApiClient; account: Account; onClose: (changed: boolean) => void }) {
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    run(async () => {
      await api.post(`/admin/v1/accounts/${encodeURIComponent(account.id)}/credits`, { amount: amount.trim(), ...(note.trim() ? { note: note.trim() } : {}) });
      onClose(true);
    });
  };
  return (
    <Dialog title={`Top up ${account.name}`} onClose={() => onClose(false)} name="top-up">
      <form onSubmit={submit} class="form">
        <p class="muted">Current balance {formatUsd(account.balance)}. A negative amount records an adjustment.</p>
        <label class="field"><span>Amount (USD)</span><input name="amount" inputMode="decimal" placeholder="10.00" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} required /></label>
        <label class="field"><span>Note (optional)</span><input name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={500} /></label>
        <ErrorNote error={error} />
        <div class="form-actions"><button type="submit" class="button primary" disabled={busy}>Add credits</button></div>
      </form>
    </Dialog>
  );
}

/** Name, the account's RPM limit across its keys and its per-model RPM limit (blank = the config's default). */
function EditAccountDialog({ api, account, onClose }: { api: ApiClient; account: Account; onClose: (changed: boolean) => void }) {
  const [name, setName] = useState(account.name);
  const [rpm, setRpm] = useState(account.rpm_limit === null ? '' : String(account.rpm_limit));
  const [modelRpm, setModelRpm] = useState(account.model_rpm_limit == null ? '' : String(account.model_rpm_limit));
  const { busy, error, run } = useAction();
  const limit = (s: string) => (s.trim() === '' ? null : /^\d+$/.test(s.trim()) ? Number(s.trim()) : s.trim());
  const submit = (e: Event) => {
    e.preventDefault();
    run(async () => {
      await api.patch(`/admin/v1/accounts/${encodeURIComponent(account.id)}`, { name: name.trim(), rpm_limit: limit(rpm), model_rpm_limit: limit(modelRpm) });
      onClose(true);
    });
  };
  return (
    <Dialog title={`Edit ${account.name}`} onClose={() => onClose(false)} name="edit-account">
      <form onSubmit={submit} class="form">
        <label class="field"><span>Name</span><input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={200} /></label>
        <label class="field"><span>Requests per minute per key <span class="muted">(blank = default)</span></span><input name="rpm_limit" inputMode="numeric" placeholder="default" value={rpm} onInput={(e) => setRpm(e.currentTarget.value)} /></label>
        <label class="field"><span>Requests per minute per model <span class="muted">(blank = default)</span></span><input name="model_rpm_limit" inputMode="numeric" placeholder="default" value={modelRpm} onInput={(e) => setModelRpm(e.currentTarget.value)} /></label>
        <ErrorNote error={error} />
        <div class="form-actions"><button type="submit" class="button primary" disabled={busy}>Save changes</button></div>
      </form>
    </Dialog>
  );
}

function LedgerDialog({ api, account, onClose }: { api: ApiClient; account: Account; onClose: () => void }) {
  const tx = useLoad(() => api.get<Page<Transaction>>(`/admin/v1/accounts/${encodeURIComponent(account.id)}/transactions`, { limit: 100 }), [account.id]);
  return (
    <Dialog title={`Ledger · ${account.name}`} onClose={onClose} wide name="ledger">
      <ErrorNote error={tx.error} />
      <div class="table-wrap">
        <table class="table">
          <thead><tr><th>Time</th><th>Type</th><th class="num">Amount</th><th class="num">Balance after</th><th>Cause</th></tr></thead>
          <tbody>
            {(tx.data?.data ?? []).map((t) => (
              <tr key={t.id}>
                <td class="nowrap">{formatTime(t.created_at)}</td>
                <td>{t.type}</td>
                <td class="num">{formatUsd(t.amount)}</td>
                <td class="num">{formatUsd(t.balance_after)}</td>
                <td class="mono small">{t.generation_id ?? t.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tx.data?.next_cursor ? <p class="muted small">Showing the newest 100 entries.</p> : null}
    </Dialog>
  );
}
