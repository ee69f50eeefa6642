import type { ComponentChildren } from 'preact';

/** A headline number with its label and an optional note; `exact` (an 8-decimal amount) is kept as its title and data-amount. */
export function Stat({ label, value, note, name, exact }: { label: string; value: ComponentChildren; note?: ComponentChildren; name?: string; exact?: string }) {
  return (
    <div class="stat" data-stat={name} data-amount={exact} title={exact}>
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
