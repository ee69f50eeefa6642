import { formatUnitsShort, formatUsd, unitsToUsd } from '../lib/format-usd.js';
import type { Series } from '../lib/series.js';

export type { Series };

interface Props {
  /** X buckets, e.g. days `YYYY-MM-DD`. */
  labels: string[];
  series: Series[];
  title: string;
  height?: number;
}

const W = 1000;
const PAD = { top: 12, right: 12, bottom: 26, left: 64 };

/** Spend per bucket as stacked SVG bars with a y axis in USD, a legend and a tooltip per segment. */
export function StackedBarChart({ labels, series, title, height = 240 }: Props) {
  const totals = labels.map((_, i) => series.reduce((a, s) => a + (s.values[i] ?? 0n), 0n));
  const max = totals.reduce((a, b) => (b > a ? b : a), 0n);
  const ticks = niceTicks(Number(max));
  const top = ticks[ticks.length - 1] || 1;
  const plotW = W - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, labels.length);
  const barW = Math.max(2, slot * 0.68);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const labelEvery = Math.ceil(labels.length / 8);
  return (
    <figure class="chart" aria-label={title}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" class="chart-svg" data-chart="stacked-bar">
        <title>{title}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} class="grid" />
            <text x={PAD.left - 8} y={y(t) + 4} class="axis" text-anchor="end">{formatUnitsShort(t)}</text>
          </g>
        ))}
        {labels.map((label, i) => {
          let acc = 0;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return (
            <g key={label} class="bar" data-bucket={label} data-cost={unitsToUsd(totals[i])}>
              {series.map((s) => {
                const v = Number(s.values[i] ?? 0n);
                if (v <= 0) return null;
                const h = Math.max(1.5, (v / top) * plotH);
                const rectY = y(acc) - h;
                acc += v;
                return (
                  <rect key={s.name} x={x} y={rectY} width={barW} height={h} fill={s.color} rx={1.5}>
                    <title>{`${label} · ${s.name}: ${formatUsd(unitsToUsd(s.values[i]))}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 || (i === labels.length - 1 && i % labelEvery >= labelEvery / 2) ? (
                <text x={x + barW / 2} y={height - 8} class="axis" text-anchor="middle">{shortLabel(label)}</text>
              ) : null}
            </g>
          );
        })}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} class="baseline" />
      </svg>
      {series.length > 0 ? (
        <figcaption class="legend">
          {series.map((s) => (
            <span key={s.name} class="legend-item"><i class={`swatch swatch-${swatchIndex(s.color)}`} />{s.name}</span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}

/** Swatches are classes (the CSP allows no inline style): one per palette colour. */
function swatchIndex(color: string): string {
  return color.replace('#', '');
}

function shortLabel(label: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(label) ? label.slice(5) : label;
}

/** 0 and 4 round steps covering `max` (units). */
export function niceTicks(max: number): number[] {
  if (max <= 0) return [0, 25_000, 50_000, 75_000, 100_000];
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return [0, step, 2 * step, 3 * step, 4 * step];
}
