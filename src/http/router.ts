import type { Exchange } from './exchange.js';

export type Handler = (ex: Exchange) => Promise<void> | void;

/**
 * One segment of a route pattern: a literal; `:name` (one segment); `*name` (the rest of the
 * path, one or more segments joined by `/`; last only). A parameter may end with a literal
 * suffix after a second colon — `:model:generateContent`, `*model:countTokens` — which the
 * segment must end with and the parameter does not include (Google's custom methods).
 */
type Segment = { kind: 'literal'; text: string } | { kind: 'param' | 'rest'; name: string; suffix: string };

interface Route {
  method: string;
  /** The pattern as registered. */
  path: string;
  segments: Segment[];
  handler: Handler;
}

/** A small path router: exact segments, `:param`, `*rest` and `:param:suffix` segments; HEAD falls back to GET. */
export class Router {
  #routes: Route[] = [];
  #exact = new Map<string, Handler>();

  add(method: string, path: string, handler: Handler): this {
    if (!/[:*]/.test(path)) this.#exact.set(`${method} ${path}`, handler);
    else this.#routes.push({ method, path, segments: path.split('/').map(parseSegment), handler });
    return this;
  }

  /** Every route as `METHOD /path` (parameter segments as registered), in no particular order. */
  list(): string[] {
    return [...this.#exact.keys(), ...this.#routes.map((r) => `${r.method} ${r.path}`)];
  }

  /** The handler and params for a request, `405` when the path exists for another method, or undefined. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | 405 | undefined {
    const exact = this.#exact.get(`${method} ${path}`) ?? (method === 'HEAD' ? this.#exact.get(`GET ${path}`) : undefined);
    if (exact) return { handler: exact, params: {} };
    const parts = path.split('/');
    let otherMethod = false;
    for (const r of this.#routes) {
      const params = matchSegments(r.segments, parts);
      if (!params) continue;
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) return { handler: r.handler, params };
      otherMethod = true;
    }
    for (const k of this.#exact.keys()) if (k.slice(k.indexOf(' ') + 1) === path) otherMethod = true;
    return otherMethod ? 405 : undefined;
  }
}

function parseSegment(text: string): Segment {
  const kind = text.startsWith(':') ? 'param' : text.startsWith('*') ? 'rest' : undefined;
  if (!kind) return { kind: 'literal', text };
  const colon = text.indexOf(':', 1);
  return colon < 0 ? { kind, name: text.slice(1), suffix: '' } : { kind, name: text.slice(1, colon), suffix: text.slice(colon) };
}

function matchSegments(pattern: Segment[], parts: string[]): Record<string, string> | undefined {
  const rest = pattern[pattern.length - 1]?.kind === 'rest';
  if (rest ? parts.length < pattern.length : pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.kind === 'literal') {
      if (p.text !== parts[i]) return undefined;
      continue;
    }
    const raw = p.kind === 'rest' ? parts.slice(i) : [parts[i]];
    if (raw.some((s) => !s)) return undefined;
    let value: string;
    try {
      value = raw.map(decodeURIComponent).join('/');
    } catch {
      return undefined;
    }
    if (!value.endsWith(p.suffix) || value.length === p.suffix.length) return undefined;
    params[p.name] = value.slice(0, value.length - p.suffix.length);
  }
  return params;
}
