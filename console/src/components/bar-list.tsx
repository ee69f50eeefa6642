import { formatUsdShort, unitsToUsd } from '../lib/format-usd.js';
import { formatCount } from '../lib/format-time.js';

export interface BarItem {
  label: string;
  sublabel?: string;
  /** 1e-8 USD units. */
  cost: bigint;
  requests: number;
  color: string;
}

/** A ranked list (by model, by key) with proportional SVG bars: cost and request counts. */
export function BarList({ items, empty, name }: { items: BarItem[]; empty: string; name: string }) {
  if (items.length === 0) return <p class="muted empty">{empty}</p>;
  const max = items.reduce((a, b) => (b.cost > a ? b.cost : a), 0n);
  return (
    <ul class="bar-list" data-chart={name}>
      {items.map((it) => {
        const frac = max > 0n ? Number((it.cost * 1000n) / max) / 1000 : 0;
        return (
          <li key={it.label} data-label={it.label} data-cost={unitsToUsd(it.cost)}>
            <div class="bar-list-head">
              <span class="bar-list-label" title={it.label}>{it.label}{it.sublabel ? <span class="muted mono small"> {it.sublabel}</span> : null}</span>
              <span class="bar-list-value">{formatUsdShort(unitsToUsd(it.cost))} <span class="muted">· {formatCount(it.requests)} req</span></span>
            </div>
            <svg class="bar-list-track" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
              <rect x="0" y="0" width="100" height="6" rx="3" class="track" />
              <rect x="0" y="0" width={Math.max(frac * 100, it.cost > 0n ? 1 : 0)} height="6" rx="3" fill={it.color} />
            </svg>
          </li>
        );
      })}
    </ul>
  );
}
