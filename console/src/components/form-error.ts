import { errorText } from '../lib/use-load.js';

/** Runs a form action, turning a failure into the message shown in the form. */
export async function runAction(setBusy: (b: boolean) => void, setError: (e: string | null) => void, action: () => Promise<void>): Promise<void> {
  setBusy(true);
  setError(null);
  try {
    await action();
  } catch (err) {
    setError(errorText(err));
  } finally {
    setBusy(false);
  }
}
