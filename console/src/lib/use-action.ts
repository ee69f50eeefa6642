import { useState } from 'preact/hooks';
import { errorText } from './use-load.js';

export interface Action {
  busy: boolean;
  error: string | null;
  /** Runs a form action: busy while it runs, a failure becomes the message shown in the form. */
  run: (action: () => Promise<void>) => void;
}

/** A form's submit state: whether its action is running and the last failure's message. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<void>): void => {
    setBusy(true);
    setError(null);
    action()
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };
  return { busy, error, run };
}
