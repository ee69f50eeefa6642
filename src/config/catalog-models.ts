import { parsePricePerMillion, type Markup, type ModelPrice } from '../billing/model-price.js';
import type { ModelEntry } from './gateway-config.js';
import { BUILTIN_PROVIDERS, type BuiltinProvider } from './builtin-models.js';
import { catalogPrice } from './catalog-price.js';

/** A model price from USD-per-1M numbers; cache prices default to the input price, reasoning to output. */
export function priceFromMillions(input: number, output: number, cacheRead?: number, cacheWrite?: number, reasoning?: number): ModelPrice {
  const p = (v: number | undefined, fallback: number) => (v === undefined ? fallback : (parsePricePerMillion(v) as number));
  const inp = p(input, 0);
  const out = p(output, 0);
  return { input: inp, output: out, cacheRead: p(cacheRead, inp), cacheWrite: p(cacheWrite, inp), reasoning: p(reasoning, out) };
}

/**
 * The built-in models of one vendor, routed to `providerId`: prices and context windows from
 * the price catalog in use, output limits, capabilities and quality from builtin-models.ts. A
 * model the catalog does not know is left out (a config file must price it).
 */
export function builtinModelEntries(b: BuiltinProvider, providerId: string, markup: Markup): ModelEntry[] {
  const out: ModelEntry[] = [];
  for (const bm of b.models) {
    const cp = catalogPrice(bm.catalog.provider, bm.catalog.model);
    const output = bm.type === 'embedding' ? 0 : cp?.output; // an embedding model is priced by input only
    if (!cp || output === undefined) continue;
    out.push({
      id: bm.id, aliases: bm.aliases, type: bm.type, contextWindow: cp.contextWindow, maxOutputTokens: bm.maxOutputTokens,
      price: priceFromMillions(cp.input, output, cp.cacheRead, cp.cacheWrite), markup, ownedBy: b.id,
      routes: [{ providerId, model: bm.upstream }], capabilities: bm.capabilities, quality: bm.quality,
    });
  }
  return out;
}

/** Every built-in model of every vendor, whether or not its key is set (`chuizi models --all`), with the variable that enables it. */
export function catalogModels(markup: Markup): Array<{ model: ModelEntry; env: string }> {
  return BUILTIN_PROVIDERS.flatMap((b) => builtinModelEntries(b, b.id, markup).map((model) => ({ model, env: b.env })));
}
