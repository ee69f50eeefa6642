import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A modal native <dialog>: Escape and the close button call `onClose`. */
export function Dialog({ title, onClose, children, wide, name }: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean; name?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} class={wide ? 'dialog wide' : 'dialog'} data-dialog={name} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <header class="dialog-head">
        <h2>{title}</h2>
        <button type="button" class="icon-button" aria-label="Close" onClick={onClose}>×</button>
      </header>
      <div class="dialog-body">{children}</div>
    </dialog>
  );
}
