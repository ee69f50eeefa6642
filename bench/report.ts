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
      const state = held(x) ? 'held' : `NOT held (${x.lateStarts} late first frames, ${x.stalledStreams} stalled, ${x.dropped} dropped, ${x.errors} errors)`;
      const cpu = x.cpu?.[name] !== undefined ? `, ${name} CPU ${x.cpu[name].toFixed(2)} cores` : '';
      return `${state}; TTFT p99 ${fmtPlus(x.ttft.p99 - d.ttft.p99)}, gap p99 ${fmtPlus(x.gap.p99 - d.gap.p99)}, max gap ${x.gap.max.toFixed(1)} ms${cpu}`;
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
  const src = r.settings.gatewaySource as { commit: string; srcModified: boolean | null } | undefined;
  if (src) out.push(`Gateway built from commit ${src.commit}${src.srcModified ? ' plus uncommitted changes in src/' : ''}${r.settings.buildWarning ? ` (${String(r.settings.buildWarning)})` : ''}.`);
  const cpu = (name: 'direct' | 'floor' | 'gateway') => {
    const c = r.c64[name]?.cpu;
    return c ? `${name} run: ${Object.entries(c).map(([p, v]) => `${p} ${v.toFixed(2)}`).join(', ')}` : undefined;
  };
  const cpuLines = (['direct', 'floor', 'gateway'] as const).map(cpu).filter(Boolean);
  if (cpuLines.length) out.push(`CPU during c=64, in cores (${m.cpus} available; other = the rest of the machine): ${cpuLines.join('; ')}.`);
  const outside = outsideLoad(r);
  if (outside !== undefined && outside > 0.25) {
    out.push(`WARNING: other processes on this machine used ${outside.toFixed(2)} cores on average during the lanes; these numbers are pessimistic and noisy — rerun on a quiet machine.`);
  }
  const errs = (['c1', 'c64'] as const).flatMap((lane) => (['direct', 'floor', 'gateway'] as const).map((t) => {
    const x = r[lane][t];
    return x && (x.non2xx > 0 || x.errors > 0) ? `${lane} ${t}: ${x.non2xx} non-2xx, ${x.errors} errors (${JSON.stringify(x.statusCodes)})` : undefined;
  })).filter(Boolean);
  if (errs.length) out.push(`Errors: ${errs.join('; ')}.`);
  const st = r.settings as { c1Rounds?: number; c64Rounds?: number; streamPasses?: number; rampMs?: number };
  out.push(`Method: c=1 and c=64 run direct, floor and gateway in ${st.c1Rounds ?? 1} and ${st.c64Rounds ?? 1} interleaved round(s), samples pooled; ` +
    `streams start spread over ${st.rampMs ?? '?'} ms, and each target keeps its best of ${st.streamPasses ?? 1} pass(es) at each N (lowest TTFT p99); ` +
    'a stream is not held when a frame gap or its first content frame exceeds 200 ms, or frames are missing.');
  if (!r.translation.available) out.push(`Translation lane: not available — ${r.translation.reason}.`);
  if (r.ledger) out.push(`Full path check: the bench account spent $${r.ledger.spentUsd.toFixed(4)}, ${r.ledger.held} held after the run, generation records ${r.ledger.generationsRecorded ? 'written' : 'MISSING'}.`);
  return out;
}

/** Mean CPU (cores) used by processes outside the benchmark during the measured lanes. */
export function outsideLoad(r: BenchResults): number | undefined {
  const readings = [
    ...(['direct', 'floor', 'gateway'] as const).map((t) => r.c64[t]?.cpu?.other),
    ...r.streams.flatMap((s) => Object.values(s.results).map((x) => x?.cpu?.other)),
  ].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return readings.length ? readings.reduce((a, b) => a + b, 0) / readings.length : undefined;
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

/**
 * Writes the JSON and the Markdown table: `<date>.json` + `latest.md` for a full run; quick runs
 * (`-quick`) and labelled runs (`--label=X`, e.g. a before/after pair) get their own names so they
 * never replace the full run's files.
 */
export function writeResults(dir: string, r: BenchResults, label?: string): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const suffix = `${r.mode === 'quick' ? '-quick' : ''}${label ? `-${label}` : ''}`;
  const json = join(dir, `${r.date}${suffix}.json`);
  const md = join(dir, label ? `${r.date}${suffix}.md` : `latest${suffix}.md`);
  writeFileSync(json, `${JSON.stringify({ ...r, rows: r.rows ?? buildRows(r) }, null, 2)}\n`);
  writeFileSync(md, renderMarkdown(r));
  return { json, md };
}
