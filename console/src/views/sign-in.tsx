import { useState } from 'preact/hooks';
import { createClient } from '../api/client.js';
import { sessionKindOf, type Session } from '../api/session.js';
import { errorText } from '../lib/use-load.js';
import { navigate } from '../lib/use-route.js';

/** One field: the admin token (operator) or a `ck-` key (key holder), checked against the gateway before it is kept. */
export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const t = token.trim();
    if (!t) return;
    setBusy(true);
    setError(null);
    const kind = sessionKindOf(t);
    try {
      const probe = createClient(t, () => undefined);
      await probe.get(kind === 'operator' ? '/admin/v1/providers' : '/v1/key/info');
      navigate(kind === 'operator' ? '/' : '/me');
      onSignedIn({ kind, token: t });
    } catch (err) {
      setError(kind === 'operator' ? `Not signed in: ${errorText(err)}. Use the admin token (CHUIZI_ADMIN_TOKEN) or a ck- key.` : `Not signed in: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <form class="sign-in-card" onSubmit={submit} data-form="sign-in">
        <div class="brand brand-large"><span class="logo" aria-hidden="true">c</span> chuizi console</div>
        <p class="muted">Operators sign in with the admin token; key holders with their <span class="mono">ck-</span> API key. The token stays in this tab only.</p>
        <label class="field">
          <span>Admin token or API key</span>
          <input type="password" name="token" autocomplete="off" spellcheck={false} value={token} onInput={(e) => setToken(e.currentTarget.value)} autofocus />
        </label>
        {error ? <p class="error-note" role="alert">{error}</p> : null}
        <button class="button primary wide" type="submit" disabled={busy || !token.trim()}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
