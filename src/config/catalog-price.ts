import { findProvider } from '@pydantic/genai-prices';

export interface CatalogPrice {
  input: number;
  /** Undefined for input-only models (embeddings). */
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  contextWindow?: number;
}

/**
 * USD-per-1M prices of a model from the @pydantic/genai-prices catalog, or undefined when
 * the catalog does not know it or has no input price (embedding models have no output price). Tiered prices use their base tier; dated prices use the
 * entry in force `at`.
 */
export function catalogPrice(providerId: string, modelId: string, at: Date = new Date()): CatalogPrice | undefined {
  const provider = findProvider({ providerId });
  const model = provider?.models.find((x) => x.id === modelId);
  if (!model) return undefined;
  let prices = model.prices as unknown;
  if (Array.isArray(prices)) {
    let chosen: unknown = undefined;
    for (const c of prices as Array<{ constraint?: { type: string; start_date?: string }; prices: unknown }>) {
      const start = c.constraint?.type === 'start_date' && c.constraint.start_date ? new Date(c.constraint.start_date) : undefined;
      if (!start || start <= at) chosen = c.prices;
    }
    prices = chosen;
  }
  if (!prices || typeof prices !== 'object') return undefined;
  const p = prices as Record<string, unknown>;
  const input = base(p.input_mtok);
  const output = base(p.output_mtok);
  if (input === undefined) return undefined;
  return { input, output, cacheRead: base(p.cache_read_mtok), cacheWrite: base(p.cache_write_mtok), contextWindow: model.context_window };
}

function base(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && typeof (v as { base?: unknown }).base === 'number') return (v as { base: number }).base;
  return undefined;
}
