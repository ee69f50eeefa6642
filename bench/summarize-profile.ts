import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, gateway
 * functions by inclusive time, and self time by area (gateway source folder, npm package, Node
 * internals, GC). Percentages are of busy time (everything but `(idle)`).
 * Standalone: `node --import tsx bench/summarize-profile.ts <file.cpuprofile> [top] [from-ms]`.
 */

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  ms: number;
  pct: number;
}

/** A stretch of consecutive busy samples: the event loop did not breathe for `ms`. */
export interface BusyStretch {
  /** Start, ms after the profile started. */
  atMs: number;
  ms: number;
  /** The functions with the most self time inside the stretch. */
  top: ProfileLine[];
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  longestStretches: BusyStretch[];
  topSelf: ProfileLine[];
  topInclusive: ProfileLine[];
  byArea: ProfileLine[];
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

function area(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native / V8)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[1] ?? url.slice(5)}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = /\/dist\/([^/]+)\//.exec(url);
  return dist ? `gateway ${dist[1]}/` : shortUrl(url);
}

/** `fromMs`: ignore samples taken earlier than this many ms after the profile started (start-up, warm-up). */
export function summarizeProfile(file: string, top = 25, fromMs = 0): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: CpuNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : ''}`.trim();

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  const stretches: Array<{ atMs: number; ms: number; self: Map<string, number> }> = [];
  let stretch: { atMs: number; ms: number; self: Map<string, number> } | undefined;
  let clock = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    clock += ms;
    const node = byId.get(id);
    if (!node || clock < fromMs) return;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms;
      if (stretch) stretches.push(stretch);
      stretch = undefined;
      return;
    }
    busyMs += ms;
    const key = label(node);
    stretch ??= { atMs: clock - ms, ms: 0, self: new Map() };
    stretch.ms += ms;
    stretch.self.set(key, (stretch.self.get(key) ?? 0) + ms);
    self.set(key, (self.get(key) ?? 0) + ms);
    const a = area(node.callFrame.url, node.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n || !n.callFrame.url.includes('/dist/')) continue;
      const k = label(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  });
  const lines = (m: Map<string, number>, n: number): ProfileLine[] =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => ({ name, ms: Math.round(ms), pct: Math.round((ms / busyMs) * 1000) / 10 }));
  if (stretch) stretches.push(stretch);
  const longestStretches = stretches.sort((a, b) => b.ms - a.ms).slice(0, 12).map((st) => ({
    atMs: Math.round(st.atMs),
    ms: Math.round(st.ms * 10) / 10,
    top: [...st.self].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10, pct: Math.round((ms / st.ms) * 1000) / 10 })),
  }));
  return { busyMs: Math.round(busyMs), idleMs: Math.round(idleMs), longestStretches, topSelf: lines(self, top), topInclusive: lines(inclusive, top), byArea: lines(areas, top) };
}

export function formatProfileSummary(s: ProfileSummary): string {
  const block = (title: string, rows: ProfileLine[]) =>
    [title, ...rows.map((r) => `  ${r.pct.toFixed(1).padStart(5)}%  ${String(r.ms).padStart(6)} ms  ${r.name}`)].join('\n');
  return [
    `busy ${s.busyMs} ms, idle ${s.idleMs} ms (percentages are of busy time)`,
    block('top self time:', s.topSelf),
    block('self time by area:', s.byArea),
    block('gateway functions by inclusive time:', s.topInclusive),
    ['longest busy stretches (event loop blocked), each with its top self-time functions:',
      ...s.longestStretches.map((st) => `  ${st.ms.toFixed(1).padStart(7)} ms at +${(st.atMs / 1000).toFixed(2)} s: ${st.top.map((t) => `${t.name} ${t.pct}%`).join('; ')}`)].join('\n'),
  ].join('\n\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: summarize-profile.ts <file.cpuprofile> [top] [from-ms]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatProfileSummary(summarizeProfile(file, Number(process.argv[3] ?? 25), Number(process.argv[4] ?? 0)))}\n`);
}
