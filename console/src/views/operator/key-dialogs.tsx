import { useState } from 'preact/hooks';
import type { ApiClient } from '../../api/client.js';
import type { Account, ApiKey, CreatedKey } from '../../api/types.js';
import { CopyButton } from '../../components/copy-button.js';
import { Dialog } from '../../components/dialog.js';
import { useAction } from '../../lib/use-action.js';
import { ErrorNote } from '../../components/stat.js';
import { emptyKeyForm, keyBody, keyFormOf, type KeyFormValues } from './key-form.js';

interface FormProps {
  api: ApiClient;
  accounts: Account[];
  models: string[];
  onClose: (changed: boolean) => void;
}

/** Create a key (then show it once) or edit one's name, limits, allow-lists, expiry and active flag. */
export function KeyFormDialog({ api, accounts, models, onClose, editing, defaultAccount }: FormProps & { editing?: ApiKey; defaultAccount?: string }) {
  const [v, setV] = useState<KeyFormValues>(editing ? keyFormOf(editing) : emptyKeyForm(defaultAccount || accounts[0]?.id || ''));
  const { busy, error, run } = useAction();
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const set = (field: keyof KeyFormValues) => (e: Event) => setV({ ...v, [field]: (e.currentTarget as HTMLInputElement).value });
  const submit = (e: Event) => {
    e.preventDefault();
    run(async () => {
      if (editing) {
        await api.patch(`/admin/v1/keys/${encodeURIComponent(editing.id)}`, keyBody(v, 'edit'));
        onClose(true);
      } else {
        setCreated((await api.post<{ data: CreatedKey }>('/admin/v1/keys', keyBody(v, 'create'))).data);
      }
    });
  };
  if (created) return <ShowKeyOnce created={created} onClose={() => onClose(true)} />;
  return (
    <Dialog title={editing ? `Edit key ${editing.name}` : 'New API key'} onClose={() => onClose(false)} wide name="key-form">
      <form onSubmit={submit} class="form form-grid">
        <label class="field"><span>Name</span><input name="name" value={v.name} onInput={set('name')} required maxLength={200} /></label>
        {editing ? (
          <label class="field checkbox"><input type="checkbox" name="is_active" checked={v.is_active} onChange={(e) => setV({ ...v, is_active: e.currentTarget.checked })} /><span>Active</span></label>
        ) : (
          <label class="field">
            <span>Account</span>
            <select name="account_id" value={v.account_id} onChange={set('account_id')} required>
              {accounts.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select>
          </label>
        )}
        <label class="field"><span>Requests per minute</span><input name="rpm_limit" inputMode="numeric" placeholder="default" value={v.rpm_limit} onInput={set('rpm_limit')} /></label>
        <label class="field"><span>Max concurrent calls</span><input name="max_concurrent" inputMode="numeric" placeholder="no limit" value={v.max_concurrent} onInput={set('max_concurrent')} /></label>
        <label class="field"><span>Daily spend cap (USD)</span><input name="daily_limit" inputMode="decimal" placeholder="no cap" value={v.daily_limit} onInput={set('daily_limit')} /></label>
        <label class="field"><span>Expires</span><input name="expires_at" type="datetime-local" value={v.expires_at} onInput={set('expires_at')} /></label>
        <label class="field span-2">
          <span>Allowed models <span class="muted">(comma-separated; empty = all)</span></span>
          <input name="allowed_models" list="model-ids" placeholder="all models" value={v.allowed_models} onInput={set('allowed_models')} />
          <datalist id="model-ids">{models.map((m) => <option key={m} value={m} />)}</datalist>
        </label>
        <label class="field span-2">
          <span>IP allow-list <span class="muted">(addresses or CIDR ranges; empty = any)</span></span>
          <input name="ip_whitelist" placeholder="any address" value={v.ip_whitelist} onInput={set('ip_whitelist')} />
        </label>
        <div class="span-2"><ErrorNote error={error} /></div>
        <div class="form-actions span-2"><button type="submit" class="button primary" disabled={busy}>{editing ? 'Save changes' : 'Create key'}</button></div>
      </form>
    </Dialog>
  );
}

/** The new key's secret, shown this one time only, with a copy button. */
function ShowKeyOnce({ created, onClose }: { created: CreatedKey; onClose: () => void }) {
  return (
    <Dialog title="Your new API key" onClose={onClose} name="show-key">
      <p>This is the only time the key is shown. Copy it now and keep it somewhere safe; the gateway stores only its hash.</p>
      <div class="secret">
        <code id="new-key-secret" data-secret="key">{created.key}</code>
        <CopyButton text={created.key} targetId="new-key-secret" />
      </div>
      <p class="muted small">Key <strong>{created.name}</strong> · prefix <span class="mono">{created.key_prefix}</span> · id <span class="mono">{created.id}</span></p>
      <div class="form-actions"><button type="button" class="button primary" onClick={onClose} data-action="done">I have copied it</button></div>
    </Dialog>
  );
}

export function RevokeDialog({ api, k, onClose }: { api: ApiClient; k: ApiKey; onClose: (changed: boolean) => void }) {
  const { busy, error, run } = useAction();
  const revoke = () =>
    run(async () => {
      await api.del(`/admin/v1/keys/${encodeURIComponent(k.id)}`);
      onClose(true);
    });
  return (
    <Dialog title={`Revoke ${k.name}?`} onClose={() => onClose(false)} name="revoke">
      <p>Calls with <span class="mono">{k.key_prefix}…</span> are refused from now on. This cannot be undone.</p>
      <ErrorNote error={error} />
      <div class="form-actions">
        <button type="button" class="button" onClick={() => onClose(false)}>Cancel</button>
        <button type="button" class="button danger" disabled={busy} onClick={revoke} data-action="confirm-revoke">Revoke key</button>
      </div>
    </Dialog>
  );
}
