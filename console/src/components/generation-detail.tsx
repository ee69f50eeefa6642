import type { ComponentChildren } from 'preact';
import type { Generation } from '../api/types.js';
import { formatUsd } from '../lib/format-usd.js';
import { formatCount, formatTime } from '../lib/format-time.js';
import { Badge } from './badge.js';

/** Every field of one generation record (metadata only: prompt and completion text are never stored). */
export function GenerationDetail({ g, keyName, accountName }: { g: Generation; keyName?: string; accountName?: string }) {
  const rows: Array<[string, ComponentChildren]> = [
    ['Generation id', <span class="mono">{g.id}</span>],
    ['Time', formatTime(g.created_at)],
    ['Status', <Badge value={g.status} />],
    ['Model', <span class="mono">{g.model}</span>],
    ['Provider', g.provider ?? '—'],
    ['Protocol', `${g.protocol}${g.streamed ? ' · streamed' : ''}`],
    ['Cost charged', <strong data-field="cost">{formatUsd(g.cost)}</strong>],
    ['Upstream cost', formatUsd(g.upstream_cost)],
    ['Input tokens', `${formatCount(g.input_tokens)} (cached ${formatCount(g.cached_tokens)}, cache write ${formatCount(g.cache_write_tokens)})`],
    ['Output tokens', `${formatCount(g.output_tokens)} (reasoning ${formatCount(g.reasoning_tokens)})`],
    ['Latency', g.latency_ms === null ? '—' : `${formatCount(g.latency_ms)} ms`],
    ['Generation time', g.generation_time_ms === null ? '—' : `${formatCount(g.generation_time_ms)} ms`],
    ['Finish reason', g.finish_reason ?? '—'],
    ['Usage source', g.usage_source ?? '—'],
  ];
  if (g.account_id !== undefined) {
    rows.push(['Account', <span>{accountName ? `${accountName} · ` : ''}<span class="mono">{g.account_id}</span></span>]);
    rows.push(['Key', <span>{keyName ? `${keyName} · ` : ''}<span class="mono">{g.key_id}</span></span>]);
    rows.push(['Request id', <span class="mono">{g.request_id ?? '—'}</span>]);
    rows.push(['Error reason', g.error_reason ?? '—']);
  }
  return (
    <dl class="details" data-detail="generation">
      {rows.map(([k, v]) => (
        <div class="details-row" key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
