import type { ComponentChildren } from 'preact';

/** A headline number with its label and an optional note. */
export function Stat({ label, value, note, name }: { label: string; value: ComponentChildren; note?: ComponentChildren; name?: string }) {
  return (
    <div class="stat" data-stat={name}>
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
      {note ? <div class="stat-note">{note}</div> : null}
    </div>
  );
}

export function Card({ title, actions, children, name }: { title?: string; actions?: ComponentChildren; children: ComponentChildren; name?: string }) {
  return (
    <section class="card" data-card={name}>
      {title || actions ? (
        <header class="card-head">
          {title ? <h2>{title}</h2> : <span />}
          {actions ? <div class="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}

export function ErrorNote({ error }: { error: string | null }) {
  return error ? <p class="error-note" role="alert">{error}</p> : null;
}
