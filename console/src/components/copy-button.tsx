import { useState } from 'preact/hooks';

/** Copies `text` to the clipboard (falls back to selecting the text when the clipboard is refused). */
export function CopyButton({ text, targetId }: { text: string; targetId?: string }) {
  const [done, setDone] = useState<'idle' | 'copied' | 'select'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch {
      const el = targetId ? document.getElementById(targetId) : null;
      if (el) window.getSelection()?.selectAllChildren(el);
      setDone('select');
    }
  };
  return (
    <button type="button" class="button" onClick={copy} data-action="copy">
      {done === 'copied' ? 'Copied' : done === 'select' ? 'Selected — press Ctrl+C' : 'Copy'}
    </button>
  );
}
