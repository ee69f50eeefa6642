import type { Exchange } from './exchange.js';

export type Handler = (ex: Exchange) => Promise<void> | void;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

/** A small path router: exact segments, `:param` segments and path prefixes; HEAD falls back to GET. */
export class Router {
  #routes: Route[] = [];
  #exact = new Map<string, Handler>();
  #prefixes: Array<{ method: string; prefix: string; handler: Handler }> = [];

  add(method: string, path: string, handler: Handler): this {
    if (!path.includes(':')) this.#exact.set(`${method} ${path}`, handler);
    else this.#routes.push({ method, segments: path.split('/'), handler });
    return this;
  }

  /** A handler for `prefix` and every path below it (a static file tree), tried after every other route. */
  addPrefix(method: string, prefix: string, handler: Handler): this {
    this.#prefixes.push({ method, prefix, handler });
    return this;
  }

  /** Every route as `METHOD /path` (`:param` segments as registered), in no particular order. */
  list(): string[] {
    return [...this.#exact.keys(), ...this.#routes.map((r) => `${r.method} ${r.segments.join('/')}`)];
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
    for (const p of this.#prefixes) {
      if (path !== p.prefix && !path.startsWith(`${p.prefix}/`)) continue;
      if (p.method === method || (method === 'HEAD' && p.method === 'GET')) return { handler: p.handler, params: {} };
      otherMethod = true;
    }
    return otherMethod ? 405 : undefined;
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith(':')) {
      if (!parts[i]) return undefined;
      try {
        params[p.slice(1)] = decodeURIComponent(parts[i]);
      } catch {
        return undefined;
      }
    } else if (p !== parts[i]) return undefined;
  }
  return params;
}
