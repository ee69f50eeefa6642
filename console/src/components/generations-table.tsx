import type { Generation } from '../api/types.js';
import { formatUsd } from '../lib/format-usd.js';
import { formatCount, formatTime } from '../lib/format-time.js';
import { Badge } from './badge.js';

interface Props {
  rows: Generation[];
  onSelect: (g: Generation) => void;
  /** Key id → display name (operator view); omitted for a key holder. */
  keyNames?: Map<string, string>;
}

/** Generation records, newest first; a row opens its detail. */
export function GenerationsTable({ rows, onSelect, keyNames }: Props) {
  if (rows.length === 0) return <p class="muted empty">No generations match.</p>;
  return (
    <div class="table-wrap">
      <table class="table" data-table="generations">
        <thead>
          <tr>
            <th>Time</th><th>Model</th><th>Status</th>{keyNames ? <th>Key</th> : null}
            <th class="num">Input</th><th class="num">Output</th><th class="num">Latency</th><th class="num">Cost</th><th />
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.id} class="clickable" data-generation={g.id} onClick={() => onSelect(g)}>
              <td class="nowrap">{formatTime(g.created_at)}</td>
              <td class="nowrap"><span class="mono">{g.model}</span>{g.provider ? <div class="muted small">via {g.provider}</div> : null}</td>
              <td><Badge value={g.status} /></td>
              {keyNames ? <td class="nowrap">{(g.key_id && keyNames.get(g.key_id)) ?? <span class="mono small">{g.key_id}</span>}</td> : null}
              <td class="num">{formatCount(g.input_tokens)}</td>
              <td class="num">{formatCount(g.output_tokens)}</td>
              <td class="num">{g.latency_ms === null ? '—' : `${formatCount(g.latency_ms)} ms`}</td>
              <td class="num strong" data-cost={g.cost}>{formatUsd(g.cost)}</td>
              <td class="actions"><button type="button" class="link small" title={g.id} onClick={(e) => { e.stopPropagation(); onSelect(g); }}>Details</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
