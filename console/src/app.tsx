import { useMemo, useState } from 'preact/hooks';
import { createClient } from './api/client.js';
import { loadSession, saveSession, type Session } from './api/session.js';
import { SignIn } from './views/sign-in.js';
import { OperatorShell } from './views/operator/operator-shell.js';
import { KeyHolderView } from './views/key-holder/key-holder-view.js';

/** Signed out → the sign-in form; the admin token → the operator console; a `ck-` key → the key-holder view. */
export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const signOut = () => {
    saveSession(null);
    setSession(null);
  };
  const api = useMemo(() => (session ? createClient(session.token, signOut) : null), [session]);
  if (!session || !api) {
    return (
      <SignIn
        onSignedIn={(s) => {
          saveSession(s);
          setSession(s);
        }}
      />
    );
  }
  return session.kind === 'operator' ? <OperatorShell api={api} onSignOut={signOut} /> : <KeyHolderView api={api} onSignOut={signOut} />;
}
