import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { held } from './lanes.js';
import { buildRows, type BenchResults, type Row } from './targets.js';

/** The printed table, its Markdown twin (bench/results/latest.md) and the results JSON. */

const HEAD = ['metric', 'direct-to-mock', 'floor (bare proxy)', 'gateway (full path)', 'target', 'met'];

function metCell(met: boolean | null): string {
  return met === null ? '—' : met ? 'met' : 'NOT MET';
}

function cells(row: Row): string[] {
  return [row.metric, row.direct, row.floor, row.gateway, row.target, metCell(row.met)];
}

function streamCells(r: BenchResults): string[][] {
  return r.streams.map((s) => {
    const d = s.results.direct;
    const col = (name: 'floor' | 'gateway') => {
      const x = s.results[name];
      if (!x || !d) return '—';
      const state = held(x) ? 'held' : `${x.stalledStreams} stalled, ${x.dropped} dropped, ${x.errors} errors`;
      return `${state}; TTFT p99 ${fmtPlus(x.ttft.p99 - d.ttft.p99)}, gap p99 ${fmtPlus(x.gap.p99 - d.gap.p99)}, max gap ${x.gap.max.toFixed(1)} ms`;
    };
    const direct = d ? `${held(d) ? 'held' : 'NOT held'}; TTFT p99 ${d.ttft.p99.toFixed(2)} ms, gap p99 ${d.gap.p99.toFixed(2)} ms` : '—';
    return [String(s.n), direct, col('floor'), col('gateway')];
  });
}

function fmtPlus(v: number): string {
  return Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(2)} ms` : '—';
}

function notes(r: BenchResults): string[] {
  const m = r.machine;
  const out = [
    `Machine: ${m.cpus} × ${m.cpuModel}, ${Math.round(m.memoryMb / 1024)} GB, Node ${m.node}, ${m.platform} ${m.kernel}; mode ${r.mode}; ${r.date}.`,
    r.note,
  ];
  const cpu = (name: 'direct' | 'floor' | 'gateway') => {
    const c = r.c64[name]?.cpu;
    return c ? `${name} run: ${Object.entries(c).map(([p, v]) => `${p} ${v.toFixed(2)}`).join(', ')}` : undefined;
  };
  const cpuLines = (['direct', 'floor', 'gateway'] as const).map(cpu).filter(Boolean);
  if (cpuLines.length) out.push(`CPU during c=64, in cores (2 available): ${cpuLines.join('; ')}.`);
  const errs = (['c1', 'c64'] as const).flatMap((lane) => (['direct', 'floor', 'gateway'] as const).map((t) => {
    const x = r[lane][t];
    return x && (x.non2xx > 0 || x.errors > 0) ? `${lane} ${t}: ${x.non2xx} non-2xx, ${x.errors} errors (${JSON.stringify(x.statusCodes)})` : undefined;
  })).filter(Boolean);
  if (errs.length) out.push(`Errors: ${errs.join('; ')}.`);
  if (!r.translation.available) out.push(`Translation lane: not available — ${r.translation.reason}.`);
  if (r.ledger) out.push(`Full path check: the bench account spent $${r.ledger.spentUsd.toFixed(4)}, ${r.ledger.held} held after the run, generation records ${r.ledger.generationsRecorded ? 'written' : 'MISSING'}.`);
  return out;
}

function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join(' │ ');
  return [line(head), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line)].join('\n');
}

function mdTable(head: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

const STREAM_HEAD = ['streams (N)', 'direct-to-mock', 'floor (added vs direct)', 'gateway (added vs direct)'];

export function renderText(r: BenchResults): string {
  const rows = r.rows ?? buildRows(r);
  return [
    '',
    textTable(HEAD, rows.map(cells)),
    '',
    textTable(STREAM_HEAD, streamCells(r)),
    '',
    ...notes(r),
    '',
  ].join('\n');
}

export function renderMarkdown(r: BenchResults): string {
  const rows = r.rows ?? buildRows(r);
  const met = rows.filter((x) => x.met === true).length;
  const judged = rows.filter((x) => x.met !== null).length;
  return [
    `## Benchmark results (${r.date}, ${r.mode} run)`,
    '',
    `${met} of ${judged} targets met. Added = the target's number minus direct-to-mock's number in the same lane.`,
    '',
    mdTable(HEAD, rows.map(cells)),
    '',
    '### Streaming lane by concurrency',
    '',
    mdTable(STREAM_HEAD, streamCells(r)),
    '',
    ...notes(r).map((n) => `- ${n}`),
    '',
  ].join('\n');
}

/** Writes the JSON (and the Markdown table); quick runs use their own file names so they never replace a full run's. */
export function writeResults(dir: string, r: BenchResults): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const suffix = r.mode === 'quick' ? '-quick' : '';
  const json = join(dir, `${r.date}${suffix}.json`);
  const md = join(dir, `latest${suffix}.md`);
  writeFileSync(json, `${JSON.stringify({ ...r, rows: r.rows ?? buildRows(r) }, null, 2)}\n`);
  writeFileSync(md, renderMarkdown(r));
  return { json, md };
}
